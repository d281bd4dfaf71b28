import { DomainEvent } from '../shared/decider';

/**
 * A round of listening to workers: on what topic and how many suggestions came in. What the workers
 * said stays with the union; no free text of theirs ever enters the ledger.
 */
export type WorkerFeedbackRecorded = DomainEvent<
  'WorkerFeedbackRecorded',
  { feedbackId: string; organizationId: string; date: string; topic: string; suggestions: number }
>;

/** The topic and the count as corrected: both hold their value after the correction. */
export type WorkerFeedbackCorrected = DomainEvent<
  'WorkerFeedbackCorrected',
  { feedbackId: string; topic: string; suggestions: number; reason: string }
>;

export type WorkerFeedbackEvent = WorkerFeedbackRecorded | WorkerFeedbackCorrected;

export type WorkerFeedbackState =
  | { readonly status: 'unknown' }
  | ({ readonly status: 'recorded' } & Readonly<WorkerFeedbackRecorded['data']>);
