import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CommandRefused } from '../../../../libs/domain/src/shared/errors';
import { StoreUnavailableError } from '../../../../libs/event-store/src/event-store.port';
import { UnknownProjectionError } from '../../../../libs/projections/src/projection-manager';
import { ReadModelsUnavailableError } from '../../../../libs/projections/src/read-model.port';
import { ConcurrencyExhaustedError } from '../write/command-executor';
import { ErrorBody, errorBody } from './error-body';

/** The one place where domain and infrastructure errors become HTTP answers. */
@Catch()
export class LedgerExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('LedgerExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const body = this.toBody(exception, http.getRequest<Request>());
    if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    http.getResponse<Response>().status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, request: Request): ErrorBody {
    if (exception instanceof CommandRefused) {
      return errorBody(refusalStatus(exception, request), exception.message, exception.details);
    }
    if (exception instanceof ConcurrencyExhaustedError) {
      return errorBody(HttpStatus.CONFLICT, exception.message, [{ field: 'body', rule: 'concurrentChange' }]);
    }
    if (exception instanceof StoreUnavailableError) {
      return errorBody(HttpStatus.SERVICE_UNAVAILABLE, 'the event store is unavailable; retry later', [
        { field: 'body', rule: 'storeAvailable' },
      ]);
    }
    if (exception instanceof ReadModelsUnavailableError) {
      return errorBody(HttpStatus.SERVICE_UNAVAILABLE, 'the read models are unavailable; retry later', [
        { field: 'body', rule: 'readModelsAvailable' },
      ]);
    }
    if (exception instanceof UnknownProjectionError) {
      return errorBody(HttpStatus.NOT_FOUND, exception.message, [{ field: 'name', rule: 'exists' }]);
    }
    if (exception instanceof HttpException) {
      const response = exception.getResponse();
      if (isErrorBody(response)) return response;
      const status = exception.getStatus();
      const message = typeof response === 'string' ? response : exception.message;
      return errorBody(status, message, status === 404 ? [{ field: 'path', rule: 'routeExists' }] : []);
    }
    return errorBody(HttpStatus.INTERNAL_SERVER_ERROR, 'internal error');
  }
}

/**
 * A missing referent is a 404 when the URL names it (the resource addressed does not exist) and a
 * 422 when the body does (the request is well-formed but points at nothing).
 */
function refusalStatus(refusal: CommandRefused, request: Request): number {
  switch (refusal.kind) {
    case 'invalid':
      return HttpStatus.BAD_REQUEST;
    case 'not_found':
      return refusal.details.some((d) => d.field in (request.params ?? {}))
        ? HttpStatus.NOT_FOUND
        : HttpStatus.UNPROCESSABLE_ENTITY;
    case 'conflict':
      return HttpStatus.CONFLICT;
    case 'unprocessable':
      return HttpStatus.UNPROCESSABLE_ENTITY;
  }
}

function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && 'statusCode' in value && 'details' in value;
}
