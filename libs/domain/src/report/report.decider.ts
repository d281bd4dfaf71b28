import { Decider, ignoreUnknownEvent } from '../shared/decider';
import { refuse } from '../shared/errors';
import { ReportEvent, ReportPublished, ReportState } from './report.events';

export type ReportCommand = { readonly type: 'PublishReport'; readonly data: ReportPublished['data'] };

/**
 * One stream per report. Published once, never changed: a report with other figures is another
 * report. The same publication again (same query, parameters and figures) is a retry.
 */
export const reportDecider: Decider<ReportCommand, ReportEvent, ReportState> = {
  initialState: { status: 'unpublished' },

  decide(command, state) {
    const report = command.data;
    if (state.status === 'published') {
      const same =
        state.query === report.query &&
        JSON.stringify(state.parameters) === JSON.stringify(report.parameters) &&
        state.receipt.resultHash === report.receipt.resultHash;
      if (same) return [];
      throw refuse.conflict('reportId', 'notPublished', `report ${report.reportId} is already published, with other figures; publish another report`);
    }
    return [{ type: 'ReportPublished', data: report }];
  },

  evolve(state, event) {
    switch (event.type) {
      case 'ReportPublished':
        return state.status === 'published' ? state : { status: 'published', ...event.data };
      default:
        return ignoreUnknownEvent(event.type, state);
    }
  },
};
