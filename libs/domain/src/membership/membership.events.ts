import { DomainEvent } from '../shared/decider';

export const MEMBER_CHANNELS = ['online', 'on-site'] as const;
export type MemberChannel = (typeof MEMBER_CHANNELS)[number];

export const WORKER_CATEGORIES = ['new-form-worker', 'office-worker', 'industrial-worker', 'other'] as const;
export type WorkerCategory = (typeof WORKER_CATEGORIES)[number];

/** A worker, by pseudonymous id, joins an organisation. */
export type MemberJoined = DomainEvent<
  'MemberJoined',
  { organizationId: string; workerId: string; date: string; channel: MemberChannel; category: WorkerCategory }
>;

/** The joining was recorded by mistake; the worker may join again later. */
export type MembershipVoided = DomainEvent<
  'MembershipVoided',
  { organizationId: string; workerId: string; reason: string }
>;

export type MembershipEvent = MemberJoined | MembershipVoided;

export type MembershipState =
  | { readonly status: 'none' | 'voided' }
  | ({ readonly status: 'member' } & Readonly<MemberJoined['data']>);
