import { DomainEvent } from '../shared/decider';

/**
 * A reporting period (a year `YYYY` or a month `YYYY-MM`) of an organisation's subtree was closed:
 * what is published for it is final. Later corrections are still recorded (nothing is ever
 * overwritten) and show as restatements of the closed period.
 */
export type PeriodClosed = DomainEvent<'PeriodClosed', { organizationId: string; period: string }>;

export type ReportingPeriodEvent = PeriodClosed;

export type ReportingPeriodState = { readonly status: 'open' } | { readonly status: 'closed'; readonly organizationId: string; readonly period: string };
