import { SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import { Action } from '../../../../libs/access/src/authorize';

/**
 * The organisation a request acts on, as a target source found it:
 * - `organization`: that organisation (its subtree holds the principal's scope, or not);
 * - `ledger`: every organisation at once (a ledger-wide query, a root organisation);
 * - `undetermined`: the request names nothing that exists yet (an unknown course, a malformed id).
 *   The access check then rests on the role alone, and the handler answers 404 or 400 as it would
 *   for anyone: it acts on nothing that belongs to an organisation.
 */
export type Target = { readonly kind: 'organization'; readonly id: string } | { readonly kind: 'ledger' } | { readonly kind: 'undetermined' };

/** What a target source may look up: the event that created a stream, and the owners of contact details and tokens. */
export interface TargetLookups {
  firstEventData(stream: string): Promise<Readonly<Record<string, unknown>> | undefined>;
  contactOwner(participantId: string): Promise<string | undefined>;
  tokenScope(tokenId: string): Promise<{ organizationId: string | null } | undefined>;
}

export type TargetSource = (request: Request, lookups: TargetLookups) => Promise<Target>;

/** What an endpoint needs: `public` for the few that anyone may call; otherwise an action and the organisations it acts on. */
export type AccessRule = { readonly action: 'public' } | { readonly action: Action; readonly targets: readonly TargetSource[] };

export const ACCESS_RULE = 'ledger:access-rule';

/**
 * Declares what an endpoint needs. Every endpoint must: the access guard denies one without a
 * declaration, and the access matrix test fails on it. With several targets, each must be in scope
 * (moving an organisation needs both it and its new parent).
 */
export const Access = (action: Action, ...targets: TargetSource[]) => SetMetadata(ACCESS_RULE, { action, targets } satisfies AccessRule);

/** The endpoint answers anyone: the health check. */
export const Public = () => SetMetadata(ACCESS_RULE, { action: 'public' } satisfies AccessRule);
