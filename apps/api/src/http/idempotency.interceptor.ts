import { CallHandler, ExecutionContext, HttpStatus, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { concatMap, from, Observable, of, switchMap } from 'rxjs';
import { ReadModelStore } from '../../../../libs/projections/src/read-model.port';
import { LedgerHttpError } from './error-body';
import { principalOf } from './request-context';

const KEY = /^[\x21-\x7e]{1,255}$/;
const ANSWER_NOT_KEPT = 'ledger:answer-not-kept';

/** The answer holds a secret shown once (an issued token): it is never kept for replay, so an Idempotency-Key is refused. */
export const AnswerNotKept = () => SetMetadata(ANSWER_NOT_KEPT, true);

/**
 * Idempotency-Key: the first successful answer to a key is kept; a repeat of the same request
 * gets that answer again and appends nothing; the same key on a different request is a 422.
 * Keys are scoped by principal, so two clients cannot collide, nor one replay another's answer.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly readModels: ReadModelStore,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    const key = request.header('idempotency-key');
    if (key === undefined || request.method !== 'POST') return next.handle();
    if (!KEY.test(key)) {
      throw new LedgerHttpError(HttpStatus.BAD_REQUEST, 'Idempotency-Key must be 1 to 255 visible ASCII characters', [
        { field: 'Idempotency-Key', rule: 'isIdempotencyKey' },
      ]);
    }
    if (this.reflector.get<boolean>(ANSWER_NOT_KEPT, context.getHandler())) {
      throw new LedgerHttpError(HttpStatus.BAD_REQUEST, 'this answer holds a secret shown once: it is never kept, so it takes no Idempotency-Key', [
        { field: 'Idempotency-Key', rule: 'notAccepted' },
      ]);
    }
    const scope = principalOf(request).id;
    const requestHash = createHash('sha256')
      .update(`${request.method} ${request.originalUrl}\n`)
      .update(request.rawBody ?? '')
      .digest('hex');

    return from(this.readModels.findResponse(scope, key)).pipe(
      switchMap((stored) => {
        if (!stored) {
          return next.handle().pipe(
            concatMap(async (body) => {
              if (response.statusCode < 300) {
                await this.readModels.saveResponse(scope, key, { requestHash, status: response.statusCode, body });
              }
              return body;
            }),
          );
        }
        if (stored.requestHash !== requestHash) {
          throw new LedgerHttpError(
            HttpStatus.UNPROCESSABLE_ENTITY,
            'this Idempotency-Key was used for a different request',
            [{ field: 'Idempotency-Key', rule: 'sameRequest' }],
          );
        }
        response.status(stored.status).setHeader('Idempotent-Replayed', 'true');
        return of(stored.body);
      }),
    );
  }
}
