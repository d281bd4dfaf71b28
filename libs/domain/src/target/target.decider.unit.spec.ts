import { emits, given, refuses } from '../shared/given-when-then';
import { OrganizationState } from '../organization/organization.events';
import { TARGET_LIMITS, TargetCommand, targetDecider } from './target.decider';
import { TARGET_MEASURES, TargetSet } from './target.events';

const organization: OrganizationState = {
  status: 'registered',
  organizationId: 'org-1',
  name: 'Grassroots Union',
  level: 'grassroots',
  parentId: null,
};

const targetSet = (target: number, previousTarget: number | null): TargetSet => ({
  type: 'TargetSet',
  data: { organizationId: 'org-1', measure: 'meals', period: '2025', target, previousTarget },
});

function setTarget(data: Partial<TargetCommand['data']> = {}, org: OrganizationState = organization): TargetCommand {
  return { type: 'SetTarget', data: { organizationId: 'org-1', measure: 'meals', period: '2025', target: 5000, ...data }, organization: org };
}

describe('target decider', () => {
  describe('SetTarget', () => {
    it('sets a first target, with no previous one', () => {
      expect(given(targetDecider).when(setTarget())).toEqual(emits(targetSet(5000, null)));
    });

    it.each(TARGET_MEASURES)('sets a target for %s', (measure) => {
      expect(given(targetDecider).when(setTarget({ measure }))).toEqual(
        emits({ type: 'TargetSet', data: { organizationId: 'org-1', measure, period: '2025', target: 5000, previousTarget: null } }),
      );
    });

    it('revises a target, stating the one it replaces', () => {
      expect(given(targetDecider, [targetSet(5000, null)]).when(setTarget({ target: 6000 }))).toEqual(emits(targetSet(6000, 5000)));
      expect(given(targetDecider, [targetSet(5000, null), targetSet(6000, 5000)]).when(setTarget({ target: 4000 }))).toEqual(
        emits(targetSet(4000, 6000)),
      );
    });

    it('records nothing when the target does not change', () => {
      expect(given(targetDecider, [targetSet(5000, null)]).when(setTarget())).toEqual(emits());
      expect(given(targetDecider, [targetSet(5000, null), targetSet(6000, 5000)]).when(setTarget({ target: 6000 }))).toEqual(emits());
    });

    it('sets a target back to an earlier value', () => {
      expect(given(targetDecider, [targetSet(5000, null), targetSet(6000, 5000)]).when(setTarget())).toEqual(emits(targetSet(5000, 6000)));
    });

    it('refuses a target of an organisation that does not exist', () => {
      expect(given(targetDecider).when(setTarget({}, { status: 'unknown' }))).toEqual(
        refuses('not_found', { field: 'organizationId', rule: 'exists' }),
      );
    });

    it.each(['25', '20255', '2025-01', '2025 ', 'year', ''])('refuses a period %p, which is not a year', (period) => {
      expect(given(targetDecider).when(setTarget({ period }))).toEqual(refuses('invalid', { field: 'period', rule: 'isYear' }));
    });

    it.each([
      [0, 'min'],
      [-100, 'min'],
      [10.5, 'isInt'],
      [TARGET_LIMITS.target + 1, 'max'],
    ])('refuses a target of %p (rule %s)', (target, rule) => {
      expect(given(targetDecider).when(setTarget({ target }))).toEqual(refuses('invalid', { field: 'target', rule }));
    });

    it.each([1, TARGET_LIMITS.target])('accepts a target of %p', (target) => {
      expect(given(targetDecider).when(setTarget({ target }))).toEqual(emits(targetSet(target, null)));
    });
  });

  describe('evolve', () => {
    it('folds the targets set into the latest one', () => {
      expect(given(targetDecider, [targetSet(5000, null), targetSet(6000, 5000)]).state).toEqual({
        status: 'set',
        organizationId: 'org-1',
        measure: 'meals',
        period: '2025',
        target: 6000,
      });
    });

    it('never throws on an unknown event', () => {
      const unknown = { type: 'TargetWithdrawnInSomeFutureVersion', data: {} } as never;
      expect(() => given(targetDecider, [unknown, targetSet(5000, null), unknown])).not.toThrow();
      expect(given(targetDecider, [unknown]).state).toEqual({ status: 'unset' });
      expect(given(targetDecider, [unknown, targetSet(5000, null), unknown]).state).toMatchObject({ status: 'set', target: 5000 });
    });
  });
});
