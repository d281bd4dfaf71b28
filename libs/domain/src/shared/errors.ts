/**
 * Why a command was refused, in domain terms. The API maps each kind to one HTTP status in one
 * exception filter; the domain never speaks HTTP.
 */
export type RefusalKind =
  /** A value breaks a rule of its own (a range, a calendar date, a date in the future). */
  | 'invalid'
  /** A referenced organisation, course or session does not exist. */
  | 'not_found'
  /** The id exists with other data, or the fact can no longer change that way. */
  | 'conflict'
  /** Well-formed, but not acceptable as a whole (a duplicate in a list, a list too long). */
  | 'unprocessable';

export interface RefusalDetail {
  /** JSON path of the offending field, e.g. `participantIds[3]`. */
  readonly field: string;
  /** The rule broken, e.g. `max`, `exists`, `unique`. */
  readonly rule: string;
}

export class CommandRefused extends Error {
  constructor(
    readonly kind: RefusalKind,
    readonly details: readonly RefusalDetail[],
    message: string,
  ) {
    super(message);
    this.name = 'CommandRefused';
  }
}

export const refuse = {
  invalid: (field: string, rule: string, message: string) =>
    new CommandRefused('invalid', [{ field, rule }], message),
  notFound: (field: string, message: string) => new CommandRefused('not_found', [{ field, rule: 'exists' }], message),
  conflict: (field: string, rule: string, message: string) =>
    new CommandRefused('conflict', [{ field, rule }], message),
  unprocessable: (field: string, rule: string, message: string) =>
    new CommandRefused('unprocessable', [{ field, rule }], message),
};
