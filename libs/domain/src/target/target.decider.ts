import { Decider, ignoreUnknownEvent } from '../shared/decider';
import { refuse } from '../shared/errors';
import { assertCount } from '../shared/values';
import { OrganizationState } from '../organization/organization.events';
import { TargetEvent, TargetMeasure, TargetState } from './target.events';

export const TARGET_LIMITS = { target: 10_000_000 } as const;

const YEAR = /^\d{4}$/;

export type TargetCommand = {
  readonly type: 'SetTarget';
  readonly data: { organizationId: string; measure: TargetMeasure; period: string; target: number };
  readonly organization: OrganizationState;
};

/** One stream per organisation, measure and period: setting the target again revises it. */
export const targetDecider: Decider<TargetCommand, TargetEvent, TargetState> = {
  initialState: { status: 'unset' },

  decide(command, state) {
    const { organizationId, measure, period, target } = command.data;
    if (command.organization.status !== 'registered') {
      throw refuse.notFound('organizationId', `organisation ${organizationId} does not exist`);
    }
    if (!YEAR.test(period)) throw refuse.invalid('period', 'isYear', 'period is a year, YYYY');
    assertCount('target', target, TARGET_LIMITS.target);
    const previousTarget = state.status === 'set' ? state.target : null;
    if (previousTarget === target) return []; // a retried or unchanged target
    return [{ type: 'TargetSet', data: { organizationId, measure, period, target, previousTarget } }];
  },

  evolve(state, event) {
    switch (event.type) {
      case 'TargetSet': {
        const { previousTarget: _previous, ...target } = event.data;
        return { status: 'set', ...target };
      }
      default:
        return ignoreUnknownEvent(event.type, state);
    }
  },
};
