import { emits, given, refuses } from '../shared/given-when-then';
import { OrganizationState } from '../organization/organization.events';
import { MembershipCommand, membershipDecider } from './membership.decider';
import { MemberJoined, MembershipEvent, MembershipVoided } from './membership.events';

const organization: OrganizationState = {
  status: 'registered',
  organizationId: 'org-1',
  name: 'Grassroots Union',
  level: 'grassroots',
  parentId: null,
};

const joined: MemberJoined = {
  type: 'MemberJoined',
  data: { organizationId: 'org-1', workerId: 'worker-1', date: '2024-06-01', channel: 'online', category: 'new-form-worker' },
};

const voided: MembershipVoided = {
  type: 'MembershipVoided',
  data: { organizationId: 'org-1', workerId: 'worker-1', reason: 'recorded by mistake' },
};

function join(data: Partial<MemberJoined['data']> = {}, org: OrganizationState = organization): MembershipCommand {
  return { type: 'RecordMemberJoined', data: { ...joined.data, ...data }, organization: org };
}

const voidMembership: MembershipCommand = { type: 'VoidMembership', data: { ...voided.data } };

describe('membership decider', () => {
  describe('RecordMemberJoined', () => {
    it('records a worker joining a registered organisation', () => {
      expect(given(membershipDecider).when(join())).toEqual(emits(joined));
    });

    it('refuses a joining of an organisation that does not exist', () => {
      expect(given(membershipDecider).when(join({}, { status: 'unknown' }))).toEqual(
        refuses('not_found', { field: 'organizationId', rule: 'exists' }),
      );
    });

    it.each(['2024-02-30', '2023-02-29', '2024-11-31', 'not a date'])(
      'refuses a joining on %p, which is not a real calendar date',
      (date) => {
        expect(given(membershipDecider).when(join({ date }))).toEqual(
          refuses('invalid', { field: 'date', rule: 'isCalendarDate' }),
        );
      },
    );

    it('refuses a joining dated after today', () => {
      expect(given(membershipDecider).when(join({ date: '2025-01-01' }))).toEqual(
        refuses('invalid', { field: 'date', rule: 'notInFuture' }),
      );
    });

    it('accepts a joining dated today', () => {
      expect(given(membershipDecider).when(join({ date: '2024-12-31' }))).toEqual(
        emits({ ...joined, data: { ...joined.data, date: '2024-12-31' } }),
      );
    });

    it('treats a retried joining with the same data as a repeat and records nothing', () => {
      expect(given(membershipDecider, [joined]).when(join())).toEqual(emits());
    });

    it.each([
      ['date', { date: '2024-06-02' }],
      ['channel', { channel: 'on-site' as const }],
      ['category', { category: 'office-worker' as const }],
    ])('refuses a worker who already joined, joining again with a different %s', (_what, change) => {
      expect(given(membershipDecider, [joined]).when(join(change))).toEqual(
        refuses('conflict', { field: 'workerId', rule: 'uniqueMembership' }),
      );
    });

    it('records a worker joining again after their membership was voided', () => {
      const rejoined = { ...joined, data: { ...joined.data, date: '2024-09-01', channel: 'on-site' as const } };
      expect(given(membershipDecider, [joined, voided]).when(join(rejoined.data))).toEqual(emits(rejoined));
    });

    it('still checks the organisation and the date when joining again after a void', () => {
      expect(given(membershipDecider, [joined, voided]).when(join({}, { status: 'unknown' }))).toEqual(
        refuses('not_found', { field: 'organizationId', rule: 'exists' }),
      );
      expect(given(membershipDecider, [joined, voided]).when(join({ date: '2025-03-01' }))).toEqual(
        refuses('invalid', { field: 'date', rule: 'notInFuture' }),
      );
    });
  });

  describe('VoidMembership', () => {
    it('voids a membership', () => {
      expect(given(membershipDecider, [joined]).when(voidMembership)).toEqual(emits(voided));
    });

    it('records nothing when the membership was already voided', () => {
      expect(given(membershipDecider, [joined, voided]).when(voidMembership)).toEqual(emits());
    });

    it('voids a membership recorded again after a void', () => {
      expect(given(membershipDecider, [joined, voided, joined]).when(voidMembership)).toEqual(emits(voided));
    });

    it('refuses to void the membership of a worker who never joined', () => {
      expect(given(membershipDecider).when(voidMembership)).toEqual(
        refuses('not_found', { field: 'workerId', rule: 'exists' }),
      );
    });
  });

  describe('evolve', () => {
    it('folds joining, voiding and joining again', () => {
      expect(given(membershipDecider, [joined]).state).toEqual({ status: 'member', ...joined.data });
      expect(given(membershipDecider, [joined, voided]).state).toEqual({ status: 'voided' });
      expect(given(membershipDecider, [joined, voided, joined]).state).toEqual({ status: 'member', ...joined.data });
    });

    it('never throws on an unknown event or a void before the joining', () => {
      const unknown = { type: 'MemberTransferredInSomeFutureVersion', data: {} } as never;
      const history: MembershipEvent[] = [unknown, voided, unknown, joined, unknown];
      expect(() => given(membershipDecider, history)).not.toThrow();
      expect(given(membershipDecider, [unknown]).state).toEqual({ status: 'none' });
      expect(given(membershipDecider, history).state).toEqual({ status: 'member', ...joined.data });
    });
  });
});
