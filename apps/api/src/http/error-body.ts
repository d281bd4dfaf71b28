import { HttpException, HttpStatus } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';

export interface ErrorDetail {
  /** JSON path of the offending field (`participantIds[3]`), or `body`, or a path parameter's name. */
  readonly field: string;
  readonly rule: string;
}

/** Every error the API answers has this body. */
export interface ErrorBody {
  readonly statusCode: number;
  readonly error: string;
  readonly message: string;
  readonly details: readonly ErrorDetail[];
}

export function errorBody(statusCode: number, message: string, details: readonly ErrorDetail[] = []): ErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, details };
}

/** An HTTP error that already carries the ledger's error body. */
export class LedgerHttpError extends HttpException {
  constructor(statusCode: HttpStatus, message: string, details: readonly ErrorDetail[] = []) {
    super(errorBody(statusCode, message, details), statusCode);
  }
}
