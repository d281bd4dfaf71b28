import { DomainEvent } from '../shared/decider';

/**
 * The facts about a participant's contact details. None of them carries the details: those live in
 * the contact vault, encrypted under the person's own key, so that forgetting the person (destroying
 * the key) leaves the log, its hashes and every count as they were.
 */

/** Staff of an organisation kept (or replaced) a participant's contact details in the vault. */
export type ContactDetailsKept = DomainEvent<'ContactDetailsKept', { participantId: string; organizationId: string }>;

/** Someone read a participant's contact details: the actor and time are the event's metadata. */
export type ContactDetailsViewed = DomainEvent<'ContactDetailsViewed', { participantId: string; organizationId: string }>;

/** Why a person was forgotten: a code, never free text (which could name them again). */
export const FORGETTING_GROUNDS = ['participant-request', 'retention-ended', 'recorded-in-error'] as const;
export type ForgettingGrounds = (typeof FORGETTING_GROUNDS)[number];

/** The person's key was destroyed: their contact details can never be read again; their pseudonymous id stays counted. */
export type PersonForgotten = DomainEvent<'PersonForgotten', { participantId: string; grounds: ForgettingGrounds }>;

export type PersonEvent = ContactDetailsKept | ContactDetailsViewed | PersonForgotten;

export type PersonState =
  | { readonly status: 'unknown' }
  | { readonly status: 'kept'; readonly organizationId: string }
  | { readonly status: 'forgotten'; readonly grounds: ForgettingGrounds };
