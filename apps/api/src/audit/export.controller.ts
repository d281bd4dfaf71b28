import { Controller, Get, HttpStatus, Inject, Logger, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import type { Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EVENT_SCHEMA_VERSIONS } from '../../../../libs/domain/src/ledger-events';
import { EventStore } from '../../../../libs/event-store/src/event-store.port';
import { ExportFilter, UnknownOrganizationError } from '../../../../libs/event-store/src/export-filter';
import { exportLog } from '../../../../libs/event-store/src/ndjson-log';
import { LedgerHttpError } from '../http/error-body';
import { IsCalendarDate, IsLedgerId } from '../http/validation';
import { CLOCK, Clock, CONTACT_VAULT, EVENT_STORE } from '../ledger.providers';
import { ContactVault } from '../../../../libs/personal-data/src/contact-vault.port';
import { forgottenIn } from '../../../../libs/personal-data/src/participants-in';
import { Access } from '../access/access-rule';
import { target } from '../access/targets';

const EVENT_TYPES = new Set(Object.keys(EVENT_SCHEMA_VERSIONS));

export class ExportQueryDto {
  @ApiPropertyOptional({ example: 'ClinicHeld,ClinicCorrected', description: 'only these event types (comma-separated)' })
  @IsOptional()
  @IsString()
  types?: string;

  @ApiPropertyOptional({ example: '2024-01-01', description: 'first day (inclusive) on which the event was recorded, in UTC' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ example: '2024-12-31', description: 'last day (inclusive) on which the event was recorded, in UTC' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional({
    example: 'chaowai',
    description: "only the streams of this organisation's subtree: every organisation ever under it, and what they recorded",
  })
  @IsOptional()
  @IsLedgerId()
  organizationId?: string;

  toFilter(): ExportFilter {
    if (this.from && this.to && this.from > this.to) {
      throw new LedgerHttpError(HttpStatus.BAD_REQUEST, 'from is after to', [{ field: 'from', rule: 'notAfterTo' }]);
    }
    return {
      ...(this.types !== undefined && { types: eventTypes(this.types) }),
      ...(this.from !== undefined && { from: this.from }),
      ...(this.to !== undefined && { to: this.to }),
      ...(this.organizationId !== undefined && { organizationId: this.organizationId }),
    };
  }
}

function eventTypes(list: string): string[] {
  const types = list.split(',').map((type) => type.trim());
  const unknown = types.filter((type) => !EVENT_TYPES.has(type));
  if (unknown.length > 0) {
    throw new LedgerHttpError(HttpStatus.BAD_REQUEST, `unknown event type ${JSON.stringify(unknown[0])}`, [{ field: 'types', rule: 'isEventType' }]);
  }
  return types;
}

/** Lines are sent in chunks of about this many characters: a write per line would cost a chunk header and a syscall each. */
const CHUNK_CHARACTERS = 64 * 1024;

@ApiTags('audit 审计')
@Controller('audit')
export class ExportController {
  private readonly logger = new Logger(ExportController.name);

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONTACT_VAULT) private readonly vault: ContactVault,
  ) {}

  @Get('export')
  @Access('read-history', target.ledger())
  @ApiProduces('application/x-ndjson')
  @ApiOperation({
    summary: 'The log (or a slice of it) as NDJSON, streamed: a header line, then one event per line in log order',
    description:
      'Header: {format:"activity-ledger/events", version:1, exportedAt, filter, upTo}. Event: {position, streamName, ' +
      'revision, id, type, data, metadata}, bigints as decimal strings, and forgottenParticipants when the event names ' +
      'people who were forgotten. Ends at the head the log had when the request ' +
      'came. An unfiltered export can be imported into an empty store with `ledger import`.',
  })
  async export(@Query() query: ExportQueryDto, @Res() res: Response): Promise<void> {
    const filter = query.toFilter();
    const lines = await exportLog(this.store, filter, {
      exportedAt: this.clock(),
      forgottenIn: (events) => forgottenIn(events, (ids) => this.vault.forgottenAmong(ids)),
    }).catch((error: unknown) => {
      if (error instanceof UnknownOrganizationError) {
        throw new LedgerHttpError(HttpStatus.UNPROCESSABLE_ENTITY, error.message, [{ field: 'organizationId', rule: 'exists' }]);
      }
      throw error;
    });
    res.status(HttpStatus.OK).type('application/x-ndjson; charset=utf-8');
    res.setHeader('content-disposition', 'attachment; filename="ledger-export.ndjson"');
    // pipeline writes only as fast as the client reads (it waits for the response's drain), and on
    // an error or a client gone it stops reading the log and destroys the response: the client then
    // sees a cut-off answer, never one that looks complete.
    try {
      await pipeline(Readable.from(chunked(lines)), res);
    } catch (error) {
      this.logger.warn({ err: error, msg: 'export cut short', filter });
    }
  }
}

async function* chunked(lines: AsyncIterable<string>): AsyncGenerator<string> {
  let chunk = '';
  for await (const line of lines) {
    chunk += `${line}\n`;
    if (chunk.length >= CHUNK_CHARACTERS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}
