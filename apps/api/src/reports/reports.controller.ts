import { Body, Controller, Get, HttpStatus, Inject, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { reportDecider } from '../../../../libs/domain/src/report/report.decider';
import { ReportPublished } from '../../../../libs/domain/src/report/report.events';
import { EventStore } from '../../../../libs/event-store/src/event-store.port';
import { comparePositions, decodePosition } from '../../../../libs/event-store/src/position';
import { participationProjection } from '../../../../libs/projections/src/participation/participation.projection';
import { ParticipationQueries } from '../../../../libs/projections/src/participation/participation.queries';
import { ProjectionManager } from '../../../../libs/projections/src/projection-manager';
import { ReadModelStore } from '../../../../libs/projections/src/read-model.port';
import { listReports, reportsProjection } from '../../../../libs/projections/src/reports/reports.projection';
import { LedgerHttpError } from '../http/error-body';
import { CurrentPrincipal, Meta } from '../http/request-context';
import { EVENT_STORE, READ_MODELS } from '../ledger.providers';
import { AsOfReadModels } from '../projections/as-of';
import { EXPLAINED_EVENTS_CAP, explainFromLog } from '../projections/explain';
import { CommandExecutor, CommandMeta } from '../write/command-executor';
import { respond } from '../write/command-result';
import { streams } from '../write/streams';
import { Closing, closingsCovering } from './closed-periods';
import { prepareQuery, ReportQueryName } from './report-queries';
import { figuresAt, PublishReport, resultHashOf } from './reports.commands';
import { PublishReportDto } from './reports.dto';
import { differences, isCorrection } from './reproduce';
import { Access } from '../access/access-rule';
import { OrganizationTree } from '../access/organization-tree';
import { Principal } from '../../../../libs/access/src/authorize';
import { at, target } from '../access/targets';

@ApiTags('reports 报告')
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly executor: CommandExecutor,
    private readonly asOfReadModels: AsOfReadModels,
    private readonly projections: ProjectionManager,
    @Inject(READ_MODELS) private readonly readModels: ReadModelStore,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly tree: OrganizationTree,
  ) {}

  @Post()
  @Access('administer', target.body(['parameters', 'organizationId'], 'ledger'))
  @ApiOperation({
    summary: 'Publish a report (ReportPublished): a named query, its figures, and a receipt to reproduce them',
    description: '201 when published, 200 when the same report was published already (a retry); 409 for the same id with other parameters.',
  })
  async publish(@Body() dto: PublishReportDto, @Meta() meta: CommandMeta, @Res({ passthrough: true }) res: Response) {
    return respond(res, await this.commands.execute(new PublishReport(dto, meta)));
  }

  @Get()
  @Access('read-figures')
  @ApiOperation({
    summary: 'The published reports, oldest first: id, title, query, parameters, position, when and by whom',
    description: "Only those within the principal's scope: a report is in it when its organisation is (a ledger-wide report, for principals scoped to every organisation).",
  })
  async list(@CurrentPrincipal() principal: Principal) {
    const namespace = this.projections.namespace(reportsProjection.name);
    const reports = await listReports((sql, params) => this.readModels.query(namespace, sql, params));
    if (principal.organizationId === null || principal.role === 'auditor') return reports;
    const visible = [];
    for (const report of reports) {
      const organizationId = report.parameters.organizationId;
      if (organizationId !== undefined && (await this.tree.lineage(organizationId))?.includes(principal.organizationId)) visible.push(report);
    }
    return visible;
  }

  @Get(':id')
  @Access('read-figures', target.owner(streams.report, ['id'], (data) => at(data, ['parameters', 'organizationId'])))
  @ApiOperation({ summary: 'A published report: its query, figures and receipt' })
  async report(@Param('id') id: string) {
    return this.published(id);
  }

  @Get(':id/reproduce')
  @Access('read-figures', target.owner(streams.report, ['id'], (data) => at(data, ['parameters', 'organizationId'])))
  @ApiOperation({
    summary: 'Recompute a report at its position (reproduced: true when identical), beside the same report now',
    description: 'asPublished and asRestated, the figures that differ, and the corrections recorded since the report’s position.',
  })
  async reproduce(@Param('id') id: string) {
    const report = await this.published(id);
    const receiptPosition = decodePosition(report.receipt.position)!;
    const query = await prepareQuery(report.query as ReportQueryName, report.parameters);
    const recomputed = await figuresAt(this.asOfReadModels, report.receipt.position, query);
    // The report now, and the events in its scope recorded since the receipt: both from one replay of the log.
    const head = (await this.store.headPosition()) ?? receiptPosition;
    const { answer: restated } = await this.asOfReadModels.use({ position: head }, async (replayed) => {
      const now = await query.run(new ParticipationQueries(replayed.query));
      const since = await explainFromLog(this.store, replayed.query, query.explain(now), replayed.position, EXPLAINED_EVENTS_CAP, receiptPosition);
      return { now, since };
    });
    const namespace = this.projections.namespace(participationProjection.name);
    const closings = await this.closingsOf(report.parameters, namespace);
    const found = differences(report.figures, restated.now ?? null);
    return {
      reportId: report.reportId,
      title: report.title,
      query: report.query,
      parameters: report.parameters,
      receipt: report.receipt,
      reproduced: resultHashOf(recomputed) === report.receipt.resultHash,
      recomputedHash: resultHashOf(recomputed),
      asPublished: report.figures,
      asRestated: restated.now ?? null,
      differences: found,
      // Figures of a closed period that moved since publication: a restatement, never an overwrite.
      restatement: closings.length > 0 && found.length > 0,
      closedPeriods: closings.map(({ at: _, ...closing }) => closing),
      // Every event in the report's scope recorded after its receipt: together they explain every difference.
      changesSince: restated.since.events.map((event) => ({
        ...event,
        kind: isCorrection(event.type) ? 'correction' : 'late entry',
        restates: closings
          .filter((closing) => comparePositions(decodePosition(event.position)!, closing.at) > 0)
          .map(({ organizationId, period }) => ({ organizationId, period })),
      })),
      moreChanges: restated.since.truncated,
    };
  }

  /** The closings covering the report: of its organisation or an ancestor, for a period its dates touch. */
  private async closingsOf(parameters: Record<string, string>, namespace: string): Promise<Closing[]> {
    const { organizationId, from, to } = parameters;
    if (!organizationId || !from || !to) return [];
    const ancestry = await this.readModels.query<{ id: string }>(
      namespace,
      'SELECT DISTINCT ancestor_id AS "id" FROM organization_ancestry WHERE organization_id = ? ORDER BY ancestor_id',
      [organizationId],
    );
    return closingsCovering(this.store, ancestry.map((row) => row.id), from, to);
  }

  private async published(id: string): Promise<ReportPublished['data']> {
    const { state } = await this.executor.load(streams.report(id), reportDecider);
    if (state.status !== 'published') {
      throw new LedgerHttpError(HttpStatus.NOT_FOUND, `no report ${id} was published`, [{ field: 'id', rule: 'exists' }]);
    }
    const { status: _, ...report } = state;
    return report;
  }
}
