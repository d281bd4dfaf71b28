import { Decider, ignoreUnknownEvent } from '../shared/decider';
import { refuse } from '../shared/errors';
import { assertCount, assertPastDate } from '../shared/values';
import { OrganizationState } from '../organization/organization.events';
import { WorkerFeedbackEvent, WorkerFeedbackRecorded, WorkerFeedbackState } from './worker-feedback.events';

export const WORKER_FEEDBACK_LIMITS = { suggestions: 100_000 } as const;

export type WorkerFeedbackCommand =
  | {
      readonly type: 'RecordWorkerFeedback';
      readonly data: WorkerFeedbackRecorded['data'];
      readonly organization: OrganizationState;
    }
  | {
      readonly type: 'CorrectWorkerFeedback';
      readonly data: { feedbackId: string; topic?: string; suggestions?: number; reason: string };
    };

export const workerFeedbackDecider: Decider<WorkerFeedbackCommand, WorkerFeedbackEvent, WorkerFeedbackState> = {
  initialState: { status: 'unknown' },

  decide(command, state, { today }) {
    switch (command.type) {
      case 'RecordWorkerFeedback': {
        const { data } = command;
        if (state.status === 'recorded') {
          const same =
            state.organizationId === data.organizationId &&
            state.date === data.date &&
            state.topic === data.topic &&
            state.suggestions === data.suggestions;
          if (same) return [];
          throw refuse.conflict('id', 'unique', `feedback ${data.feedbackId} is already recorded differently`);
        }
        if (command.organization.status !== 'registered') {
          throw refuse.notFound('organizationId', `organisation ${data.organizationId} does not exist`);
        }
        assertPastDate('date', data.date, today);
        assertCount('suggestions', data.suggestions, WORKER_FEEDBACK_LIMITS.suggestions);
        return [{ type: 'WorkerFeedbackRecorded', data: { ...data } }];
      }
      case 'CorrectWorkerFeedback': {
        const { data } = command;
        if (state.status !== 'recorded') throw refuse.notFound('feedbackId', `feedback ${data.feedbackId} does not exist`);
        const topic = data.topic ?? state.topic;
        const suggestions = data.suggestions ?? state.suggestions;
        if (topic === state.topic && suggestions === state.suggestions) return [];
        assertCount('suggestions', suggestions, WORKER_FEEDBACK_LIMITS.suggestions);
        return [{ type: 'WorkerFeedbackCorrected', data: { feedbackId: data.feedbackId, topic, suggestions, reason: data.reason } }];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'WorkerFeedbackRecorded':
        return { status: 'recorded', ...event.data };
      case 'WorkerFeedbackCorrected':
        return state.status === 'recorded' ? { ...state, topic: event.data.topic, suggestions: event.data.suggestions } : state;
      default:
        return ignoreUnknownEvent(event, state);
    }
  },
};
