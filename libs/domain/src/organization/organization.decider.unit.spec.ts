import { emits, given, refuses } from '../shared/given-when-then';
import { OrganizationCommand, organizationDecider } from './organization.decider';
import { OrganizationEvent, OrganizationMoved, OrganizationRegistered, OrganizationRenamed, OrganizationState } from './organization.events';

const federation: OrganizationState = {
  status: 'registered',
  organizationId: 'fed-1',
  name: 'City Federation',
  level: 'federation',
  parentId: null,
};

const districtRegistered: OrganizationRegistered = {
  type: 'OrganizationRegistered',
  data: { organizationId: 'dist-1', name: 'East District', level: 'district', parentId: 'fed-1' },
};

const moved = (toParentId: string, effectiveDate: string, fromParentId: string | null = 'fed-1'): OrganizationMoved => ({
  type: 'OrganizationMoved',
  data: { organizationId: 'dist-1', fromParentId, toParentId, effectiveDate },
});

const renamed = (name: string, previousName: string, effectiveDate = '2024-07-01'): OrganizationRenamed => ({
  type: 'OrganizationRenamed',
  data: { organizationId: 'dist-1', name, previousName, effectiveDate },
});

const otherFederation: OrganizationState = { ...federation, organizationId: 'fed-2', name: 'County Federation' };

function register(
  data: Partial<OrganizationCommand['data']> = {},
  parent: OrganizationState | null = federation,
): OrganizationCommand {
  return { type: 'RegisterOrganization', data: { ...districtRegistered.data, ...data }, parent };
}

function move(
  data: Partial<Extract<OrganizationCommand, { type: 'MoveOrganization' }>['data']> = {},
  newParent: OrganizationState = otherFederation,
  newParentAncestors: readonly string[] = [],
): OrganizationCommand {
  return {
    type: 'MoveOrganization',
    data: { organizationId: 'dist-1', newParentId: 'fed-2', effectiveDate: '2024-06-01', ...data },
    newParent,
    newParentAncestors,
  };
}

function rename(name: string, effectiveDate = '2024-07-01'): OrganizationCommand {
  return { type: 'RenameOrganization', data: { organizationId: 'dist-1', name, effectiveDate } };
}

describe('organization decider', () => {
  describe('RegisterOrganization', () => {
    it('registers an organisation under a registered parent', () => {
      expect(given(organizationDecider).when(register())).toEqual(emits(districtRegistered));
    });

    it('registers the root of a tree, which has no parent', () => {
      const command = register({ organizationId: 'fed-2', level: 'federation', parentId: null }, null);
      expect(given(organizationDecider).when(command)).toEqual(
        emits({
          type: 'OrganizationRegistered',
          data: { organizationId: 'fed-2', name: 'East District', level: 'federation', parentId: null },
        }),
      );
    });

    it('refuses an organisation whose parent does not exist', () => {
      expect(given(organizationDecider).when(register({}, null))).toEqual(
        refuses('not_found', { field: 'parentId', rule: 'exists' }),
      );
      expect(given(organizationDecider).when(register({}, { status: 'unknown' }))).toEqual(
        refuses('not_found', { field: 'parentId', rule: 'exists' }),
      );
    });

    it('refuses an organisation that is its own parent', () => {
      expect(given(organizationDecider).when(register({ parentId: 'dist-1' }, null))).toEqual(
        refuses('invalid', { field: 'parentId', rule: 'notSelf' }),
      );
    });

    it('treats a retried registration with the same data as a repeat and records nothing', () => {
      expect(given(organizationDecider, [districtRegistered]).when(register())).toEqual(emits());
    });

    it.each([
      ['name', { name: 'West District' }],
      ['level', { level: 'street' as const }],
      ['parent', { parentId: 'fed-2' }],
    ])('refuses to register the same id again with a different %s', (_what, change) => {
      expect(given(organizationDecider, [districtRegistered]).when(register(change))).toEqual(
        refuses('conflict', { field: 'id', rule: 'unique' }),
      );
    });
  });

  describe('MoveOrganization', () => {
    it('moves an organisation under another registered parent, stating where it came from', () => {
      expect(given(organizationDecider, [districtRegistered]).when(move())).toEqual(emits(moved('fed-2', '2024-06-01')));
    });

    it('moves a root under a parent', () => {
      const root: OrganizationRegistered = { ...districtRegistered, data: { ...districtRegistered.data, parentId: null } };
      expect(given(organizationDecider, [root]).when(move())).toEqual(emits(moved('fed-2', '2024-06-01', null)));
    });

    it('moves again later, from the parent of the previous move', () => {
      const past = [districtRegistered, moved('fed-2', '2024-06-01')];
      expect(given(organizationDecider, past).when(move({ newParentId: 'fed-3', effectiveDate: '2024-09-01' }))).toEqual(
        emits(moved('fed-3', '2024-09-01', 'fed-2')),
      );
    });

    it('moves with effect today', () => {
      expect(given(organizationDecider, [districtRegistered]).when(move({ effectiveDate: '2024-12-31' }))).toEqual(
        emits(moved('fed-2', '2024-12-31')),
      );
    });

    it('refuses to move an organisation that does not exist', () => {
      expect(given(organizationDecider).when(move())).toEqual(refuses('not_found', { field: 'organizationId', rule: 'exists' }));
    });

    it('refuses to move under a parent that does not exist', () => {
      expect(given(organizationDecider, [districtRegistered]).when(move({}, { status: 'unknown' }))).toEqual(
        refuses('not_found', { field: 'newParentId', rule: 'exists' }),
      );
    });

    it('refuses to move an organisation under itself', () => {
      const self = given(organizationDecider, [districtRegistered]).state;
      expect(given(organizationDecider, [districtRegistered]).when(move({ newParentId: 'dist-1' }, self))).toEqual(
        refuses('invalid', { field: 'newParentId', rule: 'notSelf' }),
      );
    });

    it('refuses to move an organisation under one of its own descendants', () => {
      const street: OrganizationState = { ...federation, organizationId: 'street-9', level: 'street', parentId: 'dist-1' };
      // street-9 is directly below dist-1: its ancestors are dist-1 and fed-1.
      expect(given(organizationDecider, [districtRegistered]).when(move({ newParentId: 'street-9' }, street, ['dist-1', 'fed-1']))).toEqual(
        refuses('conflict', { field: 'newParentId', rule: 'noCycle' }),
      );
      // grassroots-3 is further down: street-9 and dist-1 are above it.
      const grassroots: OrganizationState = { ...federation, organizationId: 'grassroots-3', level: 'grassroots', parentId: 'street-9' };
      expect(
        given(organizationDecider, [districtRegistered]).when(move({ newParentId: 'grassroots-3' }, grassroots, ['street-9', 'dist-1', 'fed-1'])),
      ).toEqual(refuses('conflict', { field: 'newParentId', rule: 'noCycle' }));
    });

    it('accepts a new parent whose ancestors do not include the organisation', () => {
      const district2: OrganizationState = { ...federation, organizationId: 'dist-2', level: 'district', parentId: 'fed-2' };
      expect(given(organizationDecider, [districtRegistered]).when(move({ newParentId: 'dist-2' }, district2, ['fed-2']))).toEqual(
        emits(moved('dist-2', '2024-06-01')),
      );
    });

    it.each(['2024-02-30', '2023-02-29', '2024-6-1', ''])('refuses an effective date %p, which is not a real calendar date', (effectiveDate) => {
      expect(given(organizationDecider, [districtRegistered]).when(move({ effectiveDate }))).toEqual(
        refuses('invalid', { field: 'effectiveDate', rule: 'isCalendarDate' }),
      );
    });

    it('refuses a move that takes effect after today', () => {
      expect(given(organizationDecider, [districtRegistered]).when(move({ effectiveDate: '2025-01-01' }))).toEqual(
        refuses('invalid', { field: 'effectiveDate', rule: 'notInFuture' }),
      );
    });

    it('refuses a move that takes effect before the latest move', () => {
      const past = [districtRegistered, moved('fed-2', '2024-06-01')];
      expect(given(organizationDecider, past).when(move({ newParentId: 'fed-3', effectiveDate: '2024-05-31' }))).toEqual(
        refuses('conflict', { field: 'effectiveDate', rule: 'notBeforeLastMove' }),
      );
    });

    it('accepts a move that takes effect on the day of the latest move', () => {
      const past = [districtRegistered, moved('fed-2', '2024-06-01')];
      expect(given(organizationDecider, past).when(move({ newParentId: 'fed-3', effectiveDate: '2024-06-01' }))).toEqual(
        emits(moved('fed-3', '2024-06-01', 'fed-2')),
      );
    });

    it('does not let a rename hold back a move', () => {
      const past = [districtRegistered, renamed('North District', 'East District', '2024-07-01')];
      expect(given(organizationDecider, past).when(move({ effectiveDate: '2024-06-01' }))).toEqual(emits(moved('fed-2', '2024-06-01')));
    });

    it('records nothing when the organisation is already under that parent (a retried move)', () => {
      expect(given(organizationDecider, [districtRegistered]).when(move({ newParentId: 'fed-1' }, federation))).toEqual(emits());
      expect(given(organizationDecider, [districtRegistered, moved('fed-2', '2024-06-01')]).when(move())).toEqual(emits());
    });

    it('reads a hand-built state without lastChangedOn as never moved', () => {
      const state: OrganizationState = { ...federation, organizationId: 'dist-1', level: 'district', parentId: 'fed-1' };
      expect(organizationDecider.decide(move({ effectiveDate: '1999-01-01' }), state, { today: '2024-12-31' })).toEqual([
        moved('fed-2', '1999-01-01'),
      ]);
    });
  });

  describe('RenameOrganization', () => {
    it('renames an organisation, stating its previous name', () => {
      expect(given(organizationDecider, [districtRegistered]).when(rename('North District'))).toEqual(
        emits(renamed('North District', 'East District')),
      );
    });

    it('renames again, from the name of the previous rename', () => {
      const past = [districtRegistered, renamed('North District', 'East District')];
      expect(given(organizationDecider, past).when(rename('Northern District', '2024-08-01'))).toEqual(
        emits(renamed('Northern District', 'North District', '2024-08-01')),
      );
    });

    it('records nothing when the name does not change (a retried rename)', () => {
      expect(given(organizationDecider, [districtRegistered]).when(rename('East District'))).toEqual(emits());
      const past = [districtRegistered, renamed('North District', 'East District')];
      expect(given(organizationDecider, past).when(rename('North District'))).toEqual(emits());
    });

    it('refuses to rename an organisation that does not exist', () => {
      expect(given(organizationDecider).when(rename('North District'))).toEqual(
        refuses('not_found', { field: 'organizationId', rule: 'exists' }),
      );
    });

    it('refuses a rename dated on a day that does not exist or after today', () => {
      expect(given(organizationDecider, [districtRegistered]).when(rename('North District', '2024-02-30'))).toEqual(
        refuses('invalid', { field: 'effectiveDate', rule: 'isCalendarDate' }),
      );
      expect(given(organizationDecider, [districtRegistered]).when(rename('North District', '2025-01-01'))).toEqual(
        refuses('invalid', { field: 'effectiveDate', rule: 'notInFuture' }),
      );
    });
  });

  describe('evolve', () => {
    it('folds a registration into a registered state that never moved', () => {
      expect(given(organizationDecider, [districtRegistered]).state).toEqual({
        status: 'registered',
        ...districtRegistered.data,
        lastChangedOn: null,
      });
    });

    it('folds moves and renames into the current parent, the latest move date and the current name', () => {
      const past = [districtRegistered, moved('fed-2', '2024-03-01'), renamed('North District', 'East District'), moved('fed-3', '2024-08-01', 'fed-2')];
      expect(given(organizationDecider, past).state).toEqual({
        status: 'registered',
        ...districtRegistered.data,
        name: 'North District',
        parentId: 'fed-3',
        lastChangedOn: '2024-08-01',
      });
    });

    it('does not count a rename as a move', () => {
      expect(given(organizationDecider, [districtRegistered, renamed('North District', 'East District')]).state).toMatchObject({
        parentId: 'fed-1',
        lastChangedOn: null,
      });
    });

    it('never throws: an unknown event leaves the state alone', () => {
      const unknown = { type: 'OrganizationRenamedInSomeFutureVersion', data: { name: 'x' } } as never;
      expect(given(organizationDecider, [unknown]).state).toEqual({ status: 'unknown' });
      expect(given(organizationDecider, [districtRegistered, unknown]).state).toEqual({
        status: 'registered',
        ...districtRegistered.data,
        lastChangedOn: null,
      });
    });

    it('never throws on a move or a rename before the registration, which leave the state alone', () => {
      const history: OrganizationEvent[] = [moved('fed-2', '2024-03-01'), renamed('North District', 'East District')];
      expect(() => given(organizationDecider, history)).not.toThrow();
      expect(given(organizationDecider, history).state).toEqual({ status: 'unknown' });
      expect(given(organizationDecider, [...history, districtRegistered]).state).toEqual({
        status: 'registered',
        ...districtRegistered.data,
        lastChangedOn: null,
      });
    });

    it('never throws on a history that registers the same id twice: the later registration wins', () => {
      const again = { ...districtRegistered, data: { ...districtRegistered.data, name: 'Renamed' } };
      expect(() => given(organizationDecider, [districtRegistered, again])).not.toThrow();
      expect(given(organizationDecider, [districtRegistered, again]).state).toMatchObject({ name: 'Renamed' });
    });
  });
});
