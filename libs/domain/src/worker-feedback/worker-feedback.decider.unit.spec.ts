import { emits, given, refuses } from '../shared/given-when-then';
import { OrganizationState } from '../organization/organization.events';
import { WORKER_FEEDBACK_LIMITS, WorkerFeedbackCommand, workerFeedbackDecider } from './worker-feedback.decider';
import { WorkerFeedbackCorrected, WorkerFeedbackEvent, WorkerFeedbackRecorded } from './worker-feedback.events';

const organization: OrganizationState = {
  status: 'registered',
  organizationId: 'org-1',
  name: 'Grassroots Union',
  level: 'grassroots',
  parentId: null,
};

const recorded: WorkerFeedbackRecorded = {
  type: 'WorkerFeedbackRecorded',
  data: { feedbackId: 'fb-1', organizationId: 'org-1', date: '2024-08-01', topic: 'rest stops', suggestions: 12 },
};

const corrected = (topic: string, suggestions: number): WorkerFeedbackCorrected => ({
  type: 'WorkerFeedbackCorrected',
  data: { feedbackId: 'fb-1', topic, suggestions, reason: 'miscounted' },
});

function record(data: Partial<WorkerFeedbackRecorded['data']> = {}, org: OrganizationState = organization): WorkerFeedbackCommand {
  return { type: 'RecordWorkerFeedback', data: { ...recorded.data, ...data }, organization: org };
}

function correct(changes: { topic?: string; suggestions?: number }): WorkerFeedbackCommand {
  return { type: 'CorrectWorkerFeedback', data: { feedbackId: 'fb-1', reason: 'miscounted', ...changes } };
}

describe('worker feedback decider', () => {
  describe('RecordWorkerFeedback', () => {
    it('records feedback gathered by a registered organisation', () => {
      expect(given(workerFeedbackDecider).when(record())).toEqual(emits(recorded));
    });

    it('refuses feedback of an organisation that does not exist', () => {
      expect(given(workerFeedbackDecider).when(record({}, { status: 'unknown' }))).toEqual(
        refuses('not_found', { field: 'organizationId', rule: 'exists' }),
      );
    });

    it.each(['2024-02-30', '2023-02-29', 'last week'])('refuses feedback on %p, which is not a real calendar date', (date) => {
      expect(given(workerFeedbackDecider).when(record({ date }))).toEqual(refuses('invalid', { field: 'date', rule: 'isCalendarDate' }));
    });

    it('refuses feedback dated after today', () => {
      expect(given(workerFeedbackDecider).when(record({ date: '2025-01-01' }))).toEqual(
        refuses('invalid', { field: 'date', rule: 'notInFuture' }),
      );
    });

    it.each([
      [0, 'min'],
      [-2, 'min'],
      [3.5, 'isInt'],
      [WORKER_FEEDBACK_LIMITS.suggestions + 1, 'max'],
    ])('refuses %p suggestions (rule %s)', (suggestions, rule) => {
      expect(given(workerFeedbackDecider).when(record({ suggestions }))).toEqual(refuses('invalid', { field: 'suggestions', rule }));
    });

    it.each([1, WORKER_FEEDBACK_LIMITS.suggestions])('accepts %p suggestions', (suggestions) => {
      expect(given(workerFeedbackDecider).when(record({ suggestions }))).toEqual(emits({ ...recorded, data: { ...recorded.data, suggestions } }));
    });

    it('treats a retried record with the same data as a repeat and records nothing', () => {
      expect(given(workerFeedbackDecider, [recorded]).when(record())).toEqual(emits());
    });

    it.each([
      ['organisation', { organizationId: 'org-2' }],
      ['date', { date: '2024-08-02' }],
      ['topic', { topic: 'wages' }],
      ['number of suggestions', { suggestions: 13 }],
    ])('refuses the same feedback id again with a different %s', (_what, change) => {
      expect(given(workerFeedbackDecider, [recorded]).when(record(change))).toEqual(refuses('conflict', { field: 'id', rule: 'unique' }));
    });
  });

  describe('CorrectWorkerFeedback', () => {
    it('corrects the count and keeps the topic', () => {
      expect(given(workerFeedbackDecider, [recorded]).when(correct({ suggestions: 15 }))).toEqual(emits(corrected('rest stops', 15)));
    });

    it('corrects the topic and keeps the count', () => {
      expect(given(workerFeedbackDecider, [recorded]).when(correct({ topic: 'heat' }))).toEqual(emits(corrected('heat', 12)));
    });

    it('corrects on top of an earlier correction', () => {
      expect(given(workerFeedbackDecider, [recorded, corrected('heat', 12)]).when(correct({ suggestions: 20 }))).toEqual(
        emits(corrected('heat', 20)),
      );
    });

    it('records nothing when the correction changes nothing', () => {
      expect(given(workerFeedbackDecider, [recorded]).when(correct({}))).toEqual(emits());
      expect(given(workerFeedbackDecider, [recorded]).when(correct({ suggestions: 12, topic: 'rest stops' }))).toEqual(emits());
      expect(given(workerFeedbackDecider, [recorded, corrected('heat', 12)]).when(correct({ topic: 'heat' }))).toEqual(emits());
    });

    it('refuses to correct feedback that does not exist', () => {
      expect(given(workerFeedbackDecider).when(correct({ suggestions: 15 }))).toEqual(
        refuses('not_found', { field: 'feedbackId', rule: 'exists' }),
      );
    });

    it.each([
      [0, 'min'],
      [1.5, 'isInt'],
      [WORKER_FEEDBACK_LIMITS.suggestions + 1, 'max'],
    ])('refuses a correction to %p suggestions (rule %s)', (suggestions, rule) => {
      expect(given(workerFeedbackDecider, [recorded]).when(correct({ suggestions }))).toEqual(refuses('invalid', { field: 'suggestions', rule }));
    });
  });

  describe('evolve', () => {
    it('folds feedback and its correction into the corrected feedback', () => {
      expect(given(workerFeedbackDecider, [recorded, corrected('heat', 20)]).state).toEqual({
        status: 'recorded',
        ...recorded.data,
        topic: 'heat',
        suggestions: 20,
      });
    });

    it('never throws on an unknown event or a correction before the feedback was recorded', () => {
      const unknown = { type: 'WorkerFeedbackAnsweredInSomeFutureVersion', data: {} } as never;
      const history: WorkerFeedbackEvent[] = [unknown, corrected('heat', 20), recorded, unknown];
      expect(() => given(workerFeedbackDecider, history)).not.toThrow();
      expect(given(workerFeedbackDecider, history.slice(0, 2)).state).toEqual({ status: 'unknown' });
      expect(given(workerFeedbackDecider, history).state).toEqual({ status: 'recorded', ...recorded.data });
    });
  });
});
