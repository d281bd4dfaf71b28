import { Controller, Get, HttpStatus, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EventStore, StoredEvent } from '../../../../libs/event-store/src/event-store.port';
import { encodePosition } from '../../../../libs/event-store/src/position';
import { ContactVault } from '../../../../libs/personal-data/src/contact-vault.port';
import { Access } from '../access/access-rule';
import { target } from '../access/targets';
import { LedgerHttpError } from '../http/error-body';
import { CONTACT_VAULT, EVENT_STORE } from '../ledger.providers';
import { AuditedEvent, auditedEvent, causedBy, LogPage, markingForgotten, readLogPage, readStreamPage, scanLog } from './history-paging';
import {
  CorrelationParamsDto,
  LogPageQueryDto,
  LogPageView,
  StreamPageQueryDto,
  StreamPageView,
  StreamParamsDto,
} from './history.dto';

/**
 * The correlation scan reads the log this many events at a time, and examines at most
 * CORRELATION_SCAN_BUDGET of them per request before answering what it found with a `next`.
 */
const CORRELATION_SCAN_READ = 1000;
const CORRELATION_SCAN_BUDGET = 20_000;

/** History as recorded, page by page, each event with its metadata: what auditors rebuild figures from. */
@ApiTags('audit 审计')
@Controller('audit')
export class HistoryController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CONTACT_VAULT) private readonly vault: ContactVault,
  ) {}

  @Get('log')
  @Access('read-history', target.ledger())
  @ApiOperation({
    summary: 'The global log forwards, a page at a time, each event with its metadata',
    description: 'Start without `after`; pass each answer\'s `next` as `after` until `next` is null (the end of the log now).',
  })
  @ApiOkResponse({ type: LogPageView })
  async log(@Query() query: LogPageQueryDto): Promise<LogPageView> {
    return this.logPageView(await readLogPage(this.store, query.afterPosition(), query.pageSize()));
  }

  @Get('streams/:streamName')
  @Access('read-history', target.ledger())
  @ApiOperation({
    summary: "One stream's events in revision order, a page at a time (404 when the stream has no events)",
    description: 'Pass each answer\'s `next` as `fromRevision` until `next` is null.',
  })
  @ApiOkResponse({ type: StreamPageView })
  async stream(@Param() { streamName }: StreamParamsDto, @Query() query: StreamPageQueryDto): Promise<StreamPageView> {
    const page = await readStreamPage(this.store, streamName, query.firstRevision(), query.pageSize());
    if (!page) {
      throw new LedgerHttpError(HttpStatus.NOT_FOUND, `stream ${streamName} has no events`, [{ field: 'streamName', rule: 'exists' }]);
    }
    return { streamName, events: await this.audited(page.events), next: page.next?.toString() ?? null };
  }

  @Get('correlations/:correlationId')
  @Access('read-history', target.ledger())
  @ApiOperation({
    summary: 'Every event a request (its X-Correlation-Id) or a command (its causation id) caused, in log order',
    description:
      'Paged like /audit/log. There is no index by correlation yet: each page scans the log from `after`, so its cost ' +
      `grows with the log. A page stops after ${CORRELATION_SCAN_BUDGET} events examined, so it may hold fewer than ` +
      '`limit` events, or none, with a `next` to go on from: only `next: null` means the scan reached the end of the log.',
  })
  @ApiOkResponse({ type: LogPageView })
  async correlation(@Param() { correlationId }: CorrelationParamsDto, @Query() query: LogPageQueryDto): Promise<LogPageView> {
    // No index by correlation yet: scanning the log costs time in proportion to its length.
    const page = await scanLog(this.store, {
      after: query.afterPosition(),
      limit: query.pageSize(),
      matches: causedBy(correlationId),
      readSize: CORRELATION_SCAN_READ,
      maxScanned: CORRELATION_SCAN_BUDGET,
    });
    return this.logPageView(page);
  }

  private async logPageView(page: LogPage): Promise<LogPageView> {
    return { events: await this.audited(page.events), next: page.next ? encodePosition(page.next) : null };
  }

  /** The events as auditors read them, each marking the people it names who were forgotten. */
  private audited(events: readonly StoredEvent[]): Promise<AuditedEvent[]> {
    return markingForgotten(events.map(auditedEvent), (ids) => this.vault.forgottenAmong(ids));
  }
}
