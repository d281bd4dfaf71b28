import { CallHandler, ExecutionContext, HttpStatus, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { concatMap, from, Observable, of, switchMap } from 'rxjs';
import { ReadModelStore } from '../../../../libs/projections/src/read-model.port';
import { LedgerHttpError } from './error-body';

const KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * Idempotency-Key: the first successful answer to a key is kept; a repeat of the same request
 * gets that answer again and appends nothing; the same key on a different request is a 422.
 * Keys are scoped by actor, so two clients cannot collide.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly readModels: ReadModelStore) {}

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
    const scope = request.ledger!.actor;
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
