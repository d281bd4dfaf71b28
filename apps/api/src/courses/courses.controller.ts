import { Body, Controller, Get, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { courseSessionDecider } from '../../../../libs/domain/src/course-session/course-session.decider';
import { LedgerHttpError } from '../http/error-body';
import { Meta } from '../http/request-context';
import { askNow } from '../projections/participation.queries';
import { PeriodQueryDto } from '../projections/projections.dto';
import { CommandExecutor, CommandMeta } from '../write/command-executor';
import { respond } from '../write/command-result';
import { streams } from '../write/streams';
import {
  AssignCourseToBrand,
  CorrectCourseDetails,
  courseSessionView,
  DecideOnCourseSession,
  HoldCourseSession,
  RegisterCourse,
  RemoveCourseFromBrand,
} from './courses.commands';
import {
  AssignCourseToBrandDto,
  AttendanceRecordedView,
  CorrectCourseDetailsDto,
  CourseBrandView,
  CourseSessionsView,
  CourseSessionView,
  CourseView,
  HoldCourseSessionDto,
  RecordAttendanceDto,
  RegisterCourseDto,
  RemoveCourseFromBrandDto,
  VoidDto,
} from './courses.dto';
import { Access } from '../access/access-rule';
import { target } from '../access/targets';

@ApiTags('courses 课程与签到')
@Controller('courses')
export class CoursesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly executor: CommandExecutor,
  ) {}

  @Post()
  @Access('administer', target.body(['organizationId']))
  @ApiOperation({ summary: 'Register a recurring course run by an organisation (CourseRegistered)' })
  @ApiOkResponse({ type: CourseView, description: '201 when registered, 200 when it is a retry' })
  async register(@Body() dto: RegisterCourseDto, @Meta() meta: CommandMeta, @Res({ passthrough: true }) res: Response) {
    return respond(res, await this.commands.execute(new RegisterCourse(dto, meta)));
  }

  @Post(':courseId/corrections')
  @Access('administer', target.owner(streams.course, ['courseId']))
  @ApiOperation({ summary: "Correct a course's name or category (CourseDetailsCorrected)" })
  @ApiOkResponse({ type: CourseView })
  async correct(
    @Param('courseId') courseId: string,
    @Body() dto: CorrectCourseDetailsDto,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) res: Response,
  ) {
    return respond(res, await this.commands.execute(new CorrectCourseDetails(courseId, dto, meta)));
  }

  @Post(':courseId/brand')
  @Access('administer', target.owner(streams.course, ['courseId']))
  @ApiOperation({ summary: 'Run the course under a programme brand (CourseAssignedToBrand); one brand at a time' })
  @ApiOkResponse({ type: CourseBrandView, description: '201 when assigned, 200 when it already belongs to that brand (a retry)' })
  async assignToBrand(
    @Param('courseId') courseId: string,
    @Body() dto: AssignCourseToBrandDto,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) res: Response,
  ) {
    return respond(res, await this.commands.execute(new AssignCourseToBrand(courseId, dto, meta)));
  }

  @Post(':courseId/brand/remove')
  @Access('administer', target.owner(streams.course, ['courseId']))
  @ApiOperation({ summary: 'Take the course out of its programme brand (CourseRemovedFromBrand)' })
  @ApiOkResponse({ type: CourseBrandView })
  async removeFromBrand(
    @Param('courseId') courseId: string,
    @Body() dto: RemoveCourseFromBrandDto,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) res: Response,
  ) {
    return respond(res, await this.commands.execute(new RemoveCourseFromBrand(courseId, dto, meta)));
  }

  @Post(':courseId/sessions')
  @Access('record', target.owner(streams.course, ['courseId']))
  @ApiOperation({ summary: 'Record that a session of the course was held (CourseSessionHeld)' })
  @ApiOkResponse({ type: CourseSessionView })
  async holdSession(
    @Param('courseId') courseId: string,
    @Body() dto: HoldCourseSessionDto,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) res: Response,
  ) {
    return respond(res, await this.commands.execute(new HoldCourseSession(courseId, dto, meta)));
  }

  @Get(':courseId/sessions')
  @Access('read-figures', target.owner(streams.course, ['courseId']))
  @ApiOperation({ summary: "A course's sessions in a period with their attendances, from the read model (voided ones left out)" })
  @ApiOkResponse({ type: CourseSessionsView })
  async listSessions(@Param('courseId') courseId: string, @Query() query: PeriodQueryDto): Promise<CourseSessionsView> {
    const period = query.toPeriod();
    const missing = { field: 'courseId', what: `course ${courseId}`, status: HttpStatus.NOT_FOUND } as const;
    return { courseId, sessions: await askNow(this.queries, (q) => q.courseSessions(courseId, period), missing) };
  }

  @Get(':courseId/sessions/:sessionId')
  @Access('read-figures', target.owner(streams.course, ['courseId']))
  @ApiOperation({ summary: 'A session as recorded in its stream' })
  @ApiOkResponse({ type: CourseSessionView })
  async getSession(@Param('courseId') courseId: string, @Param('sessionId') sessionId: string): Promise<CourseSessionView> {
    const { state } = await this.executor.load(streams.courseSession(courseId, sessionId), courseSessionDecider);
    if (state.status === 'unknown') {
      throw new LedgerHttpError(HttpStatus.NOT_FOUND, `session ${sessionId} of course ${courseId} does not exist`, [
        { field: 'sessionId', rule: 'exists' },
      ]);
    }
    return courseSessionView(state);
  }

  @Post(':courseId/sessions/:sessionId/void')
  @Access('record', target.owner(streams.course, ['courseId']))
  @ApiOperation({ summary: 'Void a session recorded by mistake, with its attendances (CourseSessionVoided)' })
  @ApiOkResponse({ type: CourseSessionView })
  async voidSession(
    @Param('courseId') courseId: string,
    @Param('sessionId') sessionId: string,
    @Body() dto: VoidDto,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) res: Response,
  ) {
    const command = { type: 'VoidCourseSession' as const, data: { courseId, sessionId, reason: dto.reason } };
    return respond(res, await this.commands.execute(new DecideOnCourseSession(command, meta)));
  }

  @Post(':courseId/sessions/:sessionId/attendances')
  @Access('record', target.owner(streams.course, ['courseId']))
  @ApiOperation({ summary: 'Record everyone who attended a session, in one request (one CourseSessionAttended each)' })
  @ApiOkResponse({ type: AttendanceRecordedView, description: '201 when anyone new was recorded, 200 when all were already' })
  async recordAttendance(
    @Param('courseId') courseId: string,
    @Param('sessionId') sessionId: string,
    @Body() dto: RecordAttendanceDto,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) res: Response,
  ) {
    const command = { type: 'RecordAttendance' as const, data: { courseId, sessionId, participantIds: dto.participantIds } };
    return respond(res, await this.commands.execute(new DecideOnCourseSession(command, meta)));
  }

  @Post(':courseId/sessions/:sessionId/attendances/:participantId/void')
  @Access('record', target.owner(streams.course, ['courseId']))
  @ApiOperation({ summary: "Void one participant's attendance at a session (AttendanceVoided)" })
  @ApiOkResponse({ type: CourseSessionView })
  async voidAttendance(
    @Param('courseId') courseId: string,
    @Param('sessionId') sessionId: string,
    @Param('participantId') participantId: string,
    @Body() dto: VoidDto,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) res: Response,
  ) {
    const command = { type: 'VoidAttendance' as const, data: { courseId, sessionId, participantId, reason: dto.reason } };
    return respond(res, await this.commands.execute(new DecideOnCourseSession(command, meta)));
  }
}
