import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min, ValidateBy, ValidationOptions } from 'class-validator';
import { ID_PATTERN } from '../../../../libs/domain/src/shared/values';
import { decodePosition, LogPosition } from '../../../../libs/event-store/src/position';
import { ToInteger } from '../http/validation';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

const MAX_REVISION = 2n ** 64n - 1n;

/** A one-rule validator whose constraint name is the rule an error detail names. */
const rule = (name: string, test: (value: unknown) => boolean, describe: string) => (options?: ValidationOptions) =>
  ValidateBy({ name, validator: { validate: test, defaultMessage: (args) => `${args?.property} must be ${describe}` } }, options);

const IsLogPosition = rule(
  'isLogPosition',
  (value) => typeof value === 'string' && decodePosition(value) !== undefined,
  'a log position as an answer gave it (`42` or `42:40`)',
);

const IsRevision = rule(
  'isRevision',
  (value) => typeof value === 'string' && /^\d{1,20}$/.test(value) && BigInt(value) <= MAX_REVISION,
  'a stream revision, a decimal integer from 0',
);

/** What streams.ts makes: `<category>-<id>`, compound ids joined by `/`. */
const ID = ID_PATTERN.source.replace(/^\^|\$$/g, '');
const STREAM_NAME = new RegExp(`^[a-z][a-z0-9_]*-${ID}(/${ID})*$`);
const IsStreamName = rule(
  'isStreamName',
  (value) => typeof value === 'string' && STREAM_NAME.test(value),
  'a ledger stream name such as course_session-painting/2024-03-04 (URL-encode the slash)',
);

/**
 * The shape request-context.ts accepts for X-Correlation-Id; causation ids are UUIDs, which fit it.
 * Refusing anything else spares a scan of the whole log for an id that cannot be there.
 */
const CORRELATION_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;
const IsCorrelationId = rule(
  'isCorrelationId',
  (value) => typeof value === 'string' && CORRELATION_ID.test(value),
  'a correlation or causation id',
);

class PageSizeQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE, description: 'events per page' })
  @IsOptional()
  @ToInteger()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  pageSize(): number {
    return this.limit ?? DEFAULT_PAGE_SIZE;
  }
}

export class LogPageQueryDto extends PageSizeQueryDto {
  @ApiPropertyOptional({ example: '42', description: "start after this position: the previous page's `next`; from the start of the log when absent" })
  @IsOptional()
  @IsLogPosition()
  after?: string;

  afterPosition(): LogPosition | undefined {
    return this.after === undefined ? undefined : decodePosition(this.after);
  }
}

export class StreamPageQueryDto extends PageSizeQueryDto {
  @ApiPropertyOptional({ example: '0', default: '0', description: "first revision of the page: the previous page's `next`" })
  @IsOptional()
  @IsRevision()
  fromRevision?: string;

  firstRevision(): bigint {
    return BigInt(this.fromRevision ?? 0);
  }
}

export class StreamParamsDto {
  @ApiProperty({ example: 'course_session-painting%2F2024-03-04', description: 'the stream, URL-encoded' })
  @IsStreamName()
  streamName!: string;
}

export class CorrelationParamsDto {
  @ApiProperty({ description: 'an X-Correlation-Id of a request, or the causation id of one command' })
  @IsCorrelationId()
  correlationId!: string;
}

export class AuditedEventMetadataView {
  @ApiProperty({ description: 'who recorded the fact' }) actor!: string;
  @ApiProperty({ description: 'when the ledger recorded it (ISO-8601), not when it happened' }) recordedAt!: string;
  @ApiProperty({ description: 'the X-Correlation-Id of the request that caused it' }) correlationId!: string;
  @ApiProperty({ description: 'the command that caused it' }) causationId!: string;
  @ApiProperty() schemaVersion!: number;
  @ApiPropertyOptional({ description: '`sha256:<hex>` of the canonical event; absent on events recorded before it existed' })
  contentHash?: string;
}

export class AuditedEventView {
  @ApiProperty({ example: '42', description: 'place in the global log (opaque)' }) position!: string;
  @ApiProperty({ example: 'course_session-painting/2024-03-04' }) streamName!: string;
  @ApiProperty({ example: '0', description: 'place in its stream from 0, a decimal string' }) revision!: string;
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'CourseSessionAttended' }) type!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: Record<string, unknown>;
  @ApiProperty({ type: AuditedEventMetadataView }) metadata!: AuditedEventMetadataView;
  @ApiPropertyOptional({
    type: [String],
    description: 'the pseudonymous ids this event names whose person was forgotten: nobody can name them any more; they stay counted',
  })
  forgottenParticipants?: string[];
}

export class LogPageView {
  @ApiProperty({ type: [AuditedEventView] }) events!: AuditedEventView[];
  @ApiProperty({ type: String, nullable: true, description: 'pass as `after` for the next page; null at the end of the log' })
  next!: string | null;
}

export class StreamPageView {
  @ApiProperty() streamName!: string;
  @ApiProperty({ type: [AuditedEventView] }) events!: AuditedEventView[];
  @ApiProperty({ type: String, nullable: true, description: 'pass as `fromRevision` for the next page; null at the end of the stream' })
  next!: string | null;
}
