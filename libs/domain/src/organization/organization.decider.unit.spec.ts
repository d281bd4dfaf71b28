import { emits, given, refuses } from '../shared/given-when-then';
import { OrganizationCommand, organizationDecider } from './organization.decider';
import { OrganizationRegistered, OrganizationState } from './organization.events';

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

function register(
  data: Partial<OrganizationCommand['data']> = {},
  parent: OrganizationState | null = federation,
): OrganizationCommand {
  return { type: 'RegisterOrganization', data: { ...districtRegistered.data, ...data }, parent };
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

  describe('evolve', () => {
    it('folds a registration into a registered state', () => {
      expect(given(organizationDecider, [districtRegistered]).state).toEqual({
        status: 'registered',
        ...districtRegistered.data,
      });
    });

    it('never throws: an unknown event leaves the state alone', () => {
      const unknown = { type: 'OrganizationRenamedInSomeFutureVersion', data: { name: 'x' } } as never;
      expect(given(organizationDecider, [unknown]).state).toEqual({ status: 'unknown' });
      expect(given(organizationDecider, [districtRegistered, unknown]).state).toEqual({
        status: 'registered',
        ...districtRegistered.data,
      });
    });

    it('never throws on a history that registers the same id twice: the later registration wins', () => {
      const again = { ...districtRegistered, data: { ...districtRegistered.data, name: 'Renamed' } };
      expect(() => given(organizationDecider, [districtRegistered, again])).not.toThrow();
      expect(given(organizationDecider, [districtRegistered, again]).state).toMatchObject({ name: 'Renamed' });
    });
  });
});
