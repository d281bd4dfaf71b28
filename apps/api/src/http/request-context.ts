import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { Principal } from '../../../../libs/access/src/authorize';
import { CommandMeta, newCausationId } from '../write/command-executor';

export interface RequestContext {
  readonly correlationId: string;
  /** Who acts: set by the access guard from the authenticated principal, never from the request. */
  readonly principal?: Principal;
}

declare module 'express-serve-static-core' {
  interface Request {
    ledger?: RequestContext;
    rawBody?: Buffer;
  }
}

const CORRELATION_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

/** Express middleware: reads or makes the correlation id, and echoes it back. */
export function requestContext(req: Request, res: Response, next: NextFunction): void {
  const givenCorrelationId = req.header('x-correlation-id');
  const correlationId = givenCorrelationId && CORRELATION_ID.test(givenCorrelationId) ? givenCorrelationId : randomUUID();
  res.setHeader('X-Correlation-Id', correlationId);
  req.ledger = { correlationId };
  next();
}

/** The principal the access guard let through (every route that is not public has one). */
export function principalOf(request: Request): Principal {
  const principal = request.ledger?.principal;
  if (!principal) throw new Error('no principal on this request: is the route declared public?');
  return principal;
}

/** The metadata of the command a request carries: the authenticated actor, the correlation id and a new causation id. */
export const Meta = createParamDecorator((_: unknown, context: ExecutionContext): CommandMeta => {
  const request = context.switchToHttp().getRequest<Request>();
  return { actor: principalOf(request).id, correlationId: request.ledger!.correlationId, causationId: newCausationId() };
});

/** The authenticated principal, for handlers that act on its scope (listing tokens, issuing them). */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal =>
  principalOf(context.switchToHttp().getRequest<Request>()),
);
