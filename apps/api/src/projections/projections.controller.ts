import { Controller, Get, HttpCode, HttpStatus, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { EventStore } from '../../../../libs/event-store/src/event-store.port';
import { encodePosition } from '../../../../libs/event-store/src/position';
import { ProjectionManager } from '../../../../libs/projections/src/projection-manager';
import { ParticipationQueries } from '../../../../libs/projections/src/participation/participation.queries';
import { CONTACT_VAULT, EVENT_STORE } from '../ledger.providers';
import { AS_OF_HEADER } from './as-of';
import {
  explainBrand,
  explainCooling,
  explainCourses,
  explainFrequency,
  explainOrganizationSummary,
  explainProgramme,
  ExplainRequest,
  explainTargets,
  explainTrips,
} from './explain';
import { AskParticipation, ParticipationAnswer, queriedOrganization } from './participation.queries';
import {
  ExplainableFrequencyQueryDto,
  ExplainableOrganizationScopeQueryDto,
  ExplainableProgrammeQueryDto,
  ExplainableScopeQueryDto,
  ExplainableTargetsQueryDto,
  ScopeQueryDto,
} from './projections.dto';
import { Access } from '../access/access-rule';
import { target } from '../access/targets';
import { streams } from '../write/streams';
import { ContactVault } from '../../../../libs/personal-data/src/contact-vault.port';
import { markingForgotten } from '../audit/history-paging';

/** Figures that are one object take their explanation beside them; without explain they are unchanged. */
const besideFigures = <Answer extends object>({ answer, explanation }: ParticipationAnswer<Answer>) =>
  explanation ? { ...answer, explanation } : answer;

const UNCHANGED_WITHOUT_EXPLAIN = 'With explain=true the answer also has an explanation: the events its figures were counted from.';

@ApiTags('projections 统计')
@Controller()
export class ProjectionsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly projections: ProjectionManager,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CONTACT_VAULT) private readonly vault: ContactVault,
  ) {}

  /**
   * Asks now, or as of `query.asOf`; an as-of answer names the last event it includes in a header.
   * With `explain`, the answer comes with the events it was counted from, each marking the people it
   * names who were forgotten.
   */
  private async answer<Answer>(
    query: ScopeQueryDto,
    response: Response,
    ask: (q: ParticipationQueries) => Promise<Answer | undefined>,
    missing: AskParticipation<Answer>['missing'],
    explain?: (answer: Answer) => ExplainRequest,
  ): Promise<ParticipationAnswer<Answer>> {
    const answered = await this.queries.execute<AskParticipation<Answer>, ParticipationAnswer<Answer>>(
      new AskParticipation(ask, missing, query.toAsOf(), explain),
    );
    if (answered.asOfPosition !== undefined) response.setHeader(AS_OF_HEADER, answered.asOfPosition);
    if (!answered.explanation) return answered;
    const events = await markingForgotten(answered.explanation.events, (ids) => this.vault.forgottenAmong(ids));
    return { ...answered, explanation: { ...answered.explanation, events } };
  }

  @Get('projections/courses')
  @Access('read-figures', target.query('organizationId'))
  @ApiOperation({
    summary: 'Per course: sessions, attendances, distinct participants, average attendance, regulars',
    description: 'With explain=true the answer is {courses, explanation} instead of the list alone.',
  })
  async courses(@Query() query: ExplainableOrganizationScopeQueryDto, @Res({ passthrough: true }) response: Response) {
    const filter = query.toFilter(query.organizationId);
    const { answer, explanation } = await this.answer(
      query,
      response,
      (q) => q.courses(filter),
      queriedOrganization(query.organizationId),
      query.explain ? () => explainCourses(filter) : undefined,
    );
    // A list has no room for a key beside its items: explained, the list moves under `courses`.
    return explanation ? { courses: answer, explanation } : answer;
  }

  @Get('projections/organizations/:id')
  @Access('read-figures', target.param('id'))
  @ApiOperation({
    summary: 'Totals of an organisation and its subtree: every service, people, regulars, members',
  })
  async organization(@Param('id') id: string, @Query() query: ExplainableScopeQueryDto, @Res({ passthrough: true }) response: Response) {
    const filter = { ...query.toFilter(id), organizationId: id };
    return besideFigures(
      await this.answer(
        query,
        response,
        (q) => q.organizationSummary(filter),
        { field: 'id', what: `organisation ${id}`, status: HttpStatus.NOT_FOUND },
        query.explain ? () => explainOrganizationSummary(filter) : undefined,
      ),
    );
  }

  @Get('projections/brands/:brandId')
  @Access('read-figures', target.query('organizationId', target.owner(streams.programmeBrand, ['brandId'])))
  @ApiOperation({
    summary: "A brand's sessions, attendances and people across all its courses (groupBy=year|month)",
    description: UNCHANGED_WITHOUT_EXPLAIN,
  })
  async brand(
    @Param('brandId') brandId: string,
    @Query() query: ExplainableOrganizationScopeQueryDto,
    @Res({ passthrough: true }) response: Response,
  ) {
    const filter = query.toFilter(query.organizationId);
    return besideFigures(
      await this.answer(
        query,
        response,
        (q) => q.brand(brandId, filter),
        { field: 'brandId', what: `brand ${brandId}`, status: HttpStatus.NOT_FOUND },
        query.explain ? () => explainBrand(filter, brandId) : undefined,
      ),
    );
  }

  @Get('projections/frequency')
  @Access('read-figures', target.query('organizationId'))
  @ApiOperation({
    summary: 'How many people came once, 2-3, 4-9, 10+ times (a subtree, a course or a brand), and who used two or more services',
    description: UNCHANGED_WITHOUT_EXPLAIN,
  })
  async frequency(@Query() query: ExplainableFrequencyQueryDto, @Res({ passthrough: true }) response: Response) {
    const only = { courseId: query.courseId, brandId: query.brandId };
    const filter = { ...query.toFilter(query.organizationId), ...only };
    return besideFigures(
      await this.answer(
        query,
        response,
        (q) => q.frequency(filter),
        queriedOrganization(query.organizationId),
        query.explain ? () => explainFrequency(filter, only) : undefined,
      ),
    );
  }

  @Get('projections/trips')
  @Access('read-figures', target.query('organizationId'))
  @ApiOperation({
    summary: 'Recuperation trips: participants, distinct people, person-days, per trip and in total',
    description: UNCHANGED_WITHOUT_EXPLAIN,
  })
  async trips(@Query() query: ExplainableOrganizationScopeQueryDto, @Res({ passthrough: true }) response: Response) {
    const filter = query.toFilter(query.organizationId);
    return besideFigures(
      await this.answer(
        query,
        response,
        (q) => q.trips(filter),
        queriedOrganization(query.organizationId),
        query.explain ? () => explainTrips(filter) : undefined,
      ),
    );
  }

  @Get('projections/cooling')
  @Access('read-figures', target.query('organizationId'))
  @ApiOperation({
    summary: 'Summer cooling: deliveries, items by kind and unit, equipment by kind, workers reached, per site',
    description: UNCHANGED_WITHOUT_EXPLAIN,
  })
  async cooling(@Query() query: ExplainableOrganizationScopeQueryDto, @Res({ passthrough: true }) response: Response) {
    const filter = query.toFilter(query.organizationId);
    return besideFigures(
      await this.answer(
        query,
        response,
        (q) => q.cooling(filter),
        queriedOrganization(query.organizationId),
        query.explain ? () => explainCooling(filter) : undefined,
      ),
    );
  }

  @Get('projections/programme')
  @Access('read-figures', target.query('organizationId'))
  @ApiOperation({
    summary: 'Skills programme: applications and admissions per track, recommending union, tuition aid',
    description: UNCHANGED_WITHOUT_EXPLAIN,
  })
  async programme(@Query() query: ExplainableProgrammeQueryDto, @Res({ passthrough: true }) response: Response) {
    const filter = { ...query.toFilter(query.organizationId), intakeId: query.intakeId };
    return besideFigures(
      await this.answer(
        query,
        response,
        (q) => q.programme(filter),
        queriedOrganization(query.organizationId),
        query.explain ? () => explainProgramme(filter, query.intakeId) : undefined,
      ),
    );
  }

  @Get('projections/targets')
  @Access('read-figures', target.query('organizationId'))
  @ApiOperation({
    summary: "Progress against an organisation's annual targets, as a number and a percentage",
    description: `${UNCHANGED_WITHOUT_EXPLAIN} Only the activities of the measures that have a target are listed.`,
  })
  async targets(@Query() query: ExplainableTargetsQueryDto, @Res({ passthrough: true }) response: Response) {
    const filter = { ...query.toFilter(query.organizationId), organizationId: query.organizationId, year: query.year };
    const { answer: targets, explanation } = await this.answer(
      query,
      response,
      (q) => q.targets(filter),
      queriedOrganization(query.organizationId),
      query.explain ? (progress) => explainTargets(filter, progress.map((target) => target.measure)) : undefined,
    );
    return { organizationId: query.organizationId, year: query.year, targets, ...(explanation && { explanation }) };
  }

  @Get('projections/status')
  @Access('authenticated')
  @ApiOperation({ summary: "Each projection's checkpoint, the log's head position, and the lag in events" })
  async status() {
    const [head, projections] = await Promise.all([this.store.headPosition(), this.projections.status()]);
    return { headPosition: head ? encodePosition(head) : null, projections };
  }

  @Post('admin/projections/:name/rebuild')
  @Access('administer', target.ledger())
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiTags('admin')
  @ApiOperation({ summary: 'Rebuild a projection from position 0 beside the live one; it is swapped in when caught up' })
  async rebuild(@Param('name') name: string) {
    const { generation } = await this.projections.rebuild(name);
    return { name, generation, status: 'rebuilding' };
  }
}
