import { Inject, Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Principal } from '../../../../libs/access/src/authorize';
import { bearerToken, hashToken, tokenMatches } from '../../../../libs/access/src/token';
import { TokenRegistry } from '../../../../libs/access/src/token-registry.port';
import { LedgerConfig } from '../config';
import { errorBody } from '../http/error-body';
import { LEDGER_CONFIG, TOKEN_REGISTRY } from '../ledger.providers';

/** The principal id of the LEDGER_BOOTSTRAP_TOKEN secret, as event metadata records it. */
export const ENV_BOOTSTRAP_PRINCIPAL = 'env-bootstrap';

/** Who a request comes from, or why nobody could be recognised (the guard answers 401 with it, where a principal is needed). */
export type Authentication =
  | { readonly principal: Principal }
  | { readonly failure: { readonly rule: 'bearerToken' | 'knownToken'; readonly message: string } };

/**
 * Recognises a bearer token: the LEDGER_BOOTSTRAP_TOKEN secret (compared in constant time), or a
 * token in the registry, found by its SHA-256 (the registry never holds a token itself). Every
 * request asks the registry afresh, so a revocation holds at once on every instance sharing it.
 */
@Injectable()
export class Authenticator {
  private readonly bootstrapHash?: string;

  constructor(
    @Inject(TOKEN_REGISTRY) private readonly registry: TokenRegistry,
    @Inject(LEDGER_CONFIG) config: LedgerConfig,
  ) {
    this.bootstrapHash = config.bootstrapToken === undefined ? undefined : hashToken(config.bootstrapToken);
  }

  async authenticate(authorization: string | undefined): Promise<Authentication> {
    if (authorization === undefined) {
      return { failure: { rule: 'bearerToken', message: 'this endpoint needs a token: Authorization: Bearer <token>' } };
    }
    const token = bearerToken(authorization);
    if (token === undefined) return { failure: { rule: 'bearerToken', message: 'the Authorization header must be Bearer <token>' } };
    if (this.bootstrapHash !== undefined && tokenMatches(this.bootstrapHash, token)) {
      return { principal: { id: ENV_BOOTSTRAP_PRINCIPAL, role: 'admin', organizationId: null } };
    }
    const known = await this.registry.findByHash(hashToken(token));
    if (known === undefined) return { failure: { rule: 'knownToken', message: 'the token is not known' } };
    const { id, role, organizationId, expiresAt, revokedAt } = known;
    return { principal: { id, role, organizationId, ...(expiresAt && { expiresAt }), ...(revokedAt && { revokedAt }) } };
  }

  /**
   * Express middleware, before the body is read: it recognises the token, so that the body of a
   * request from nobody is never parsed (the guard then answers 401). When the registry cannot be
   * reached, nobody can be recognised: 503, as for any request needing the read models.
   */
  middleware() {
    return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
      try {
        req.authentication = await this.authenticate(req.header('authorization'));
        next();
      } catch {
        res.status(503).json(errorBody(503, 'the token registry is unavailable; retry later', [{ field: 'Authorization', rule: 'registryAvailable' }]));
      }
    };
  }
}

declare module 'express-serve-static-core' {
  interface Request {
    authentication?: Authentication;
  }
}
