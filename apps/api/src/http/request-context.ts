import { createParamDecorator, ExecutionContext, HttpStatus } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { ID_PATTERN } from '../../../../libs/domain/src/shared/values';
import { CommandMeta, newCausationId } from '../write/command-executor';
import { errorBody } from './error-body';

export interface RequestContext {
  /** Who records: the X-Actor header for now; the access-control issue puts the principal here. */
  readonly actor: string;
  readonly correlationId: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    ledger?: RequestContext;
    rawBody?: Buffer;
  }
}

const CORRELATION_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

/** Express middleware: reads the actor and correlation id, and echoes the correlation id back. */
export function requestContext(req: Request, res: Response, next: NextFunction): void {
  const actor = req.header('x-actor') ?? 'anonymous';
  const givenCorrelationId = req.header('x-correlation-id');
  const correlationId = givenCorrelationId && CORRELATION_ID.test(givenCorrelationId) ? givenCorrelationId : randomUUID();
  res.setHeader('X-Correlation-Id', correlationId);
  if (!ID_PATTERN.test(actor)) {
    res.status(HttpStatus.BAD_REQUEST).json(
      errorBody(HttpStatus.BAD_REQUEST, 'X-Actor must be an id', [{ field: 'X-Actor', rule: 'isLedgerId' }]),
    );
    return;
  }
  req.ledger = { actor, correlationId };
  next();
}

/** The metadata of the command a request carries: its actor, correlation id and a new causation id. */
export const Meta = createParamDecorator((_: unknown, context: ExecutionContext): CommandMeta => {
  const { actor, correlationId } = context.switchToHttp().getRequest<Request>().ledger!;
  return { actor, correlationId, causationId: newCausationId() };
});
