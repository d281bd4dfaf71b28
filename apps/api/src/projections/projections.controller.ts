import { Controller, Get, Inject, Param, Post, Query, HttpCode, HttpStatus } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { EventStore } from '../../../../libs/event-store/src/event-store.port';
import { encodePosition } from '../../../../libs/event-store/src/position';
import { ProjectionManager } from '../../../../libs/projections/src/projection-manager';
import { EVENT_STORE } from '../ledger.providers';
import { GetCourseFigures, GetOrganizationSummary } from './participation.queries';
import { CourseFiguresQueryDto, PeriodQueryDto } from './projections.dto';

@ApiTags('projections 统计')
@Controller()
export class ProjectionsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly projections: ProjectionManager,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get('projections/courses')
  @ApiOperation({
    summary: 'Per course: sessions, attendances, distinct participants, average attendance, regulars',
    description: 'Courses of the organisation (and its subtree by default) with their figures in the period.',
  })
  courses(@Query() query: CourseFiguresQueryDto) {
    return this.queries.execute(new GetCourseFigures(query.toFilter(query.organizationId)));
  }

  @Get('projections/organizations/:id')
  @ApiOperation({
    summary: 'Totals of an organisation and its subtree: sessions, attendances, people, clinics, meals, members',
  })
  organization(@Param('id') id: string, @Query() query: PeriodQueryDto) {
    return this.queries.execute(new GetOrganizationSummary({ ...query.toFilter(id), organizationId: id }));
  }

  @Get('projections/status')
  @ApiOperation({ summary: "Each projection's checkpoint, the log's head position, and the lag in events" })
  async status() {
    const [head, projections] = await Promise.all([this.store.headPosition(), this.projections.status()]);
    return { headPosition: head ? encodePosition(head) : null, projections };
  }

  @Post('admin/projections/:name/rebuild')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiTags('admin')
  @ApiOperation({
    summary: 'Rebuild a projection from position 0 beside the live one; it is swapped in when caught up',
  })
  async rebuild(@Param('name') name: string) {
    const { generation } = await this.projections.rebuild(name);
    return { name, generation, status: 'rebuilding' };
  }
}
