import { Body, Controller, Get, HttpStatus, Inject, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { reportDecider } from '../../../../libs/domain/src/report/report.decider';
import { ReportPublished } from '../../../../libs/domain/src/report/report.events';
import { EventStore } from '../../../../libs/event-store/src/event-store.port';
import { participationProjection } from '../../../../libs/projections/src/participation/participation.projection';
import { ParticipationQueries } from '../../../../libs/projections/src/participation/participation.queries';
import { ProjectionManager } from '../../../../libs/projections/src/projection-manager';
import { ReadModelStore } from '../../../../libs/projections/src/read-model.port';
import { LedgerHttpError } from '../http/error-body';
import { Meta } from '../http/request-context';
import { EVENT_STORE, READ_MODELS } from '../ledger.providers';
import { AsOfReadModels } from '../projections/as-of';
import { CommandExecutor, CommandMeta } from '../write/command-executor';
import { respond } from '../write/command-result';
import { streams } from '../write/streams';
import { prepareQuery, ReportQueryName } from './report-queries';
import { figuresAt, PublishReport, resultHashOf } from './reports.commands';
import { PublishReportDto } from './reports.dto';
import { correctionsSince, differences } from './reproduce';

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
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Publish a report (ReportPublished): a named query, its figures, and a receipt to reproduce them',
    description: '201 when published, 200 when the same report was published already (a retry); 409 for the same id with other parameters.',
  })
  async publish(@Body() dto: PublishReportDto, @Meta() meta: CommandMeta, @Res({ passthrough: true }) res: Response) {
    return respond(res, await this.commands.execute(new PublishReport(dto, meta)));
  }

  @Get(':id')
  @ApiOperation({ summary: 'A published report: its query, figures and receipt' })
  async report(@Param('id') id: string) {
    return this.published(id);
  }

  @Get(':id/reproduce')
  @ApiOperation({
    summary: 'Recompute a report at its position (reproduced: true when identical), beside the same report now',
    description: 'asPublished and asRestated, the figures that differ, and the corrections recorded since the report’s position.',
  })
  async reproduce(@Param('id') id: string) {
    const report = await this.published(id);
    const query = await prepareQuery(report.query as ReportQueryName, report.parameters);
    const recomputed = await figuresAt(this.asOfReadModels, report.receipt.position, query);
    const namespace = this.projections.namespace(participationProjection.name);
    const now = await query(new ParticipationQueries((sql, params) => this.readModels.query(namespace, sql, params)));
    const { corrections, more } = await correctionsSince(this.store, report.receipt.position);
    return {
      reportId: report.reportId,
      title: report.title,
      query: report.query,
      parameters: report.parameters,
      receipt: report.receipt,
      reproduced: resultHashOf(recomputed) === report.receipt.resultHash,
      recomputedHash: resultHashOf(recomputed),
      asPublished: report.figures,
      asRestated: now ?? null,
      differences: differences(report.figures, now ?? null),
      correctionsSince: corrections,
      moreCorrections: more,
    };
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
