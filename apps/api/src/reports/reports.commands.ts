import { HttpStatus, Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { auditChainProjection, sealedDigest } from '../../../../libs/audit/src/audit-chain.projection';
import { canonicalJson } from '../../../../libs/audit/src/canonical-json';
import { sha256 } from '../../../../libs/audit/src/content-hash';
import { reportDecider } from '../../../../libs/domain/src/report/report.decider';
import { ReportPublished } from '../../../../libs/domain/src/report/report.events';
import { decodePosition } from '../../../../libs/event-store/src/position';
import { participationProjection } from '../../../../libs/projections/src/participation/participation.projection';
import { ParticipationQueries } from '../../../../libs/projections/src/participation/participation.queries';
import { ProjectionManager } from '../../../../libs/projections/src/projection-manager';
import { ReadModelStore } from '../../../../libs/projections/src/read-model.port';
import { LedgerHttpError } from '../http/error-body';
import { READ_MODELS } from '../ledger.providers';
import { AsOfReadModels } from '../projections/as-of';
import { CommandExecutor, CommandMeta } from '../write/command-executor';
import { CommandResult } from '../write/command-result';
import { streams } from '../write/streams';
import { PreparedQuery, prepareQuery } from './report-queries';
import { PublishReportDto } from './reports.dto';

export class PublishReport {
  constructor(readonly dto: PublishReportDto, readonly meta: CommandMeta) {}
}

/** `sha256:<hex>` of the figures' canonical JSON: equal figures, equal hash. */
export const resultHashOf = (figures: unknown) => sha256(canonicalJson(figures));

/** Runs a prepared query on the participation read model as it stood at a position (a replay from the log). */
export async function figuresAt(asOfReadModels: AsOfReadModels, position: string, query: PreparedQuery): Promise<unknown> {
  const at = decodePosition(position);
  if (!at) throw new Error(`a report's receipt holds the position ${position}, which is not one`);
  const { answer } = await asOfReadModels.use({ position: at }, (replayed) => query.run(new ParticipationQueries(replayed.query)));
  return answer;
}

/**
 * Publishes a report: computes the figures at the head of the sealed audit chain (replayed from the
 * events up to it, so that anyone can compute them again from the same events) and records them with
 * their receipt: the position, the chain hash there, the projection and the figures' hash.
 */
@CommandHandler(PublishReport)
export class PublishReportHandler implements ICommandHandler<PublishReport, CommandResult<ReportPublished['data']>> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly asOfReadModels: AsOfReadModels,
    private readonly projections: ProjectionManager,
    @Inject(READ_MODELS) private readonly readModels: ReadModelStore,
  ) {}

  async execute({ dto, meta }: PublishReport): Promise<CommandResult<ReportPublished['data']>> {
    const stream = streams.report(dto.id);
    const existing = await this.executor.load(stream, reportDecider);
    // A retry answers with what was published, not with figures computed again at a later head.
    if (existing.state.status === 'published') {
      const { status: _, ...published } = existing.state;
      if (published.query === dto.query && canonicalJson(published.parameters) === canonicalJson(dto.parameters)) {
        return { created: false, body: published };
      }
    }
    const query = await prepareQuery(dto.query, dto.parameters);
    const chain = this.projections.namespace(auditChainProjection.name);
    const digest = await sealedDigest((sql, params) => this.readModels.query(chain, sql, params));
    if (!digest) {
      throw new LedgerHttpError(HttpStatus.CONFLICT, 'the ledger holds no sealed event yet: there is nothing to report', [
        { field: 'body', rule: 'sealedEvents' },
      ]);
    }
    const figures = await figuresAt(this.asOfReadModels, digest.position, query);
    if (figures === undefined) {
      throw new LedgerHttpError(HttpStatus.UNPROCESSABLE_ENTITY, 'what the parameters name is not in the ledger', [
        { field: 'parameters', rule: 'exists' },
      ]);
    }
    const data: ReportPublished['data'] = {
      reportId: dto.id,
      title: dto.title,
      query: dto.query,
      parameters: dto.parameters,
      figures,
      receipt: {
        position: digest.position,
        chainHash: digest.hash,
        eventCount: digest.eventCount,
        projection: participationProjection.name,
        resultHash: resultHashOf(figures),
      },
    };
    const { events } = await this.executor.execute(stream, reportDecider, { type: 'PublishReport', data }, meta);
    return { created: events.length > 0, body: data };
  }
}
