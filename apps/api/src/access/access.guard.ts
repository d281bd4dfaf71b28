import { CanActivate, ExecutionContext, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { authorize, Principal, Requirement } from '../../../../libs/access/src/authorize';
import { WriteRateLimiter } from '../../../../libs/access/src/rate-limit';
import { TokenRegistry } from '../../../../libs/access/src/token-registry.port';
import { EventStore } from '../../../../libs/event-store/src/event-store.port';
import { ContactVault } from '../../../../libs/personal-data/src/contact-vault.port';
import { LedgerConfig } from '../config';
import { LedgerHttpError } from '../http/error-body';
import { CONTACT_VAULT, EVENT_STORE, LEDGER_CONFIG, TOKEN_REGISTRY } from '../ledger.providers';
import { ACCESS_RULE, AccessRule, Target, TargetLookups } from './access-rule';
import { OrganizationTree } from './organization-tree';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The one gate every route passes: the principal (found by the Authenticator middleware) must be
 * allowed the route's declared action on every organisation the route acts on. A route without a
 * declaration is denied: safe by default. Writes are then rate-limited per principal.
 *
 * Expiry and rate use the machine's time, not the ledger's clock: that one is the unions' business
 * date (and fixed in tests), while a token expires in the real world.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly limiter: WriteRateLimiter;
  private readonly lookups: TargetLookups;

  constructor(
    private readonly reflector: Reflector,
    private readonly tree: OrganizationTree,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CONTACT_VAULT) vault: ContactVault,
    @Inject(TOKEN_REGISTRY) registry: TokenRegistry,
    @Inject(LEDGER_CONFIG) config: LedgerConfig,
  ) {
    this.limiter = new WriteRateLimiter(config.writeRateLimit);
    this.lookups = {
      firstEventData: async (stream) => {
        for await (const event of store.readStream(stream, { maxCount: 1 })) return event.data as Record<string, unknown>;
        return undefined;
      },
      contactOwner: (participantId) => vault.ownerOf(participantId),
      tokenScope: (tokenId) => registry.find(tokenId),
    };
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [context.getHandler(), context.getClass()]);
    const request = context.switchToHttp().getRequest<Request>();
    if (rule === undefined) {
      throw new LedgerHttpError(HttpStatus.FORBIDDEN, 'this endpoint declares no access rule, so nobody may call it', [{ field: 'path', rule: 'accessDeclared' }]);
    }
    if (rule.action === 'public') return true;

    const authentication = request.authentication;
    if (authentication === undefined || 'failure' in authentication) {
      const failure = authentication?.failure ?? { rule: 'bearerToken', message: 'this endpoint needs a token' };
      this.challenge(context);
      throw new LedgerHttpError(HttpStatus.UNAUTHORIZED, failure.message, [{ field: 'Authorization', rule: failure.rule }]);
    }
    const { principal } = authentication;
    // The role (and the token's validity) first: a principal that may not act at all learns nothing about targets.
    this.check(context, principal, { action: rule.action }, () => false);
    // A principal scoped to every organisation may act on any of them: no target needs looking up.
    if (principal.organizationId !== null) {
      for (const source of rule.targets) await this.checkTarget(context, principal, rule.action, await source(request, this.lookups));
    }
    if (WRITE_METHODS.has(request.method)) this.limitRate(context, principal);
    request.ledger = { ...request.ledger!, principal };
    return true;
  }

  private async checkTarget(context: ExecutionContext, principal: Principal, action: Requirement['action'], found: Target): Promise<void> {
    if (found.kind === 'undetermined') return;
    if (found.kind === 'ledger') return this.check(context, principal, { action, organizationId: null }, () => false);
    // An organisation that does not exist is in nobody's subtree.
    const lineage = (await this.tree.lineage(found.id)) ?? [];
    this.check(context, principal, { action, organizationId: found.id }, (scope) => lineage.includes(scope));
  }

  private check(context: ExecutionContext, principal: Principal, requirement: Requirement, within: (scope: string) => boolean): void {
    const decision = authorize(principal, requirement, within, new Date());
    if (decision.allowed) return;
    if (decision.status === 401) this.challenge(context);
    const field = decision.status === 401 ? 'Authorization' : decision.rule === 'role' ? 'role' : 'organizationId';
    throw new LedgerHttpError(decision.status, decision.reason, [{ field, rule: decision.rule }]);
  }

  private limitRate(context: ExecutionContext, principal: Principal): void {
    const decision = this.limiter.take(principal.id, Date.now());
    if (decision.allowed) return;
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(decision.retryAfterSeconds));
    throw new LedgerHttpError(HttpStatus.TOO_MANY_REQUESTS, `too many writes from this principal; retry in ${decision.retryAfterSeconds} s`, [
      { field: 'Authorization', rule: 'writeRate' },
    ]);
  }

  private challenge(context: ExecutionContext): void {
    context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="activity-ledger"');
  }
}
