import { DomainEvent } from '../shared/decider';

/** Where a published report's figures were computed: what an auditor reproduces them from. */
export interface ReportReceipt {
  /** The global position of the last event the figures include (as the API shows positions). */
  readonly position: string;
  /** The audit chain's hash after that event, and how many events it covers. */
  readonly chainHash: string;
  readonly eventCount: number;
  /** The projection (with its version) the query ran on. */
  readonly projection: string;
  /** `sha256:<hex>` of the canonical JSON of the figures. */
  readonly resultHash: string;
}

/** A report was published: a named query with its parameters, the figures it gave, and its receipt. */
export type ReportPublished = DomainEvent<
  'ReportPublished',
  {
    reportId: string;
    title: string;
    query: string;
    parameters: Record<string, string>;
    figures: unknown;
    receipt: ReportReceipt;
  }
>;

export type ReportEvent = ReportPublished;

export type ReportState = { readonly status: 'unpublished' } | ({ readonly status: 'published' } & ReportPublished['data']);
