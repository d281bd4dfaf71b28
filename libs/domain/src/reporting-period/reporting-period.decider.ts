import { OrganizationState } from '../organization/organization.events';
import { Decider, ignoreUnknownEvent } from '../shared/decider';
import { refuse } from '../shared/errors';
import { ReportingPeriodEvent, ReportingPeriodState } from './reporting-period.events';

export type ReportingPeriodCommand = {
  readonly type: 'ClosePeriod';
  readonly data: { organizationId: string; period: string };
  readonly organization: OrganizationState;
};

const PERIOD = /^(\d{4})(?:-(0[1-9]|1[0-2]))?$/;

/** The last day of a period `YYYY` or `YYYY-MM`, or undefined for text that is not one. */
export function lastDayOf(period: string): string | undefined {
  const match = PERIOD.exec(period);
  if (!match) return undefined;
  const [, year, month] = match;
  if (!month) return `${year}-12-31`;
  const days = new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();
  return `${year}-${month}-${String(days).padStart(2, '0')}`;
}

/** One stream per organisation and period. A period is closed once it has ended; closing it again is a retry. */
export const reportingPeriodDecider: Decider<ReportingPeriodCommand, ReportingPeriodEvent, ReportingPeriodState> = {
  initialState: { status: 'open' },

  decide(command, state, { today }) {
    const { organizationId, period } = command.data;
    if (command.organization.status !== 'registered') {
      throw refuse.notFound('organizationId', `organisation ${organizationId} does not exist`);
    }
    const lastDay = lastDayOf(period);
    if (!lastDay) throw refuse.invalid('period', 'isPeriod', 'period is a year YYYY or a month YYYY-MM');
    if (lastDay >= today) throw refuse.unprocessable('period', 'hasEnded', `period ${period} has not ended yet (it ends on ${lastDay})`);
    if (state.status === 'closed') return [];
    return [{ type: 'PeriodClosed', data: { organizationId, period } }];
  },

  evolve(state, event) {
    switch (event.type) {
      case 'PeriodClosed':
        return { status: 'closed', ...event.data };
      default:
        return ignoreUnknownEvent(event.type, state);
    }
  },
};
