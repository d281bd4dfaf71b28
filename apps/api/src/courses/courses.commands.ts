import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { courseDecider } from '../../../../libs/domain/src/course/course.decider';
import { CourseState } from '../../../../libs/domain/src/course/course.events';
import { courseSessionDecider, CourseSessionCommand } from '../../../../libs/domain/src/course-session/course-session.decider';
import { CourseSessionState } from '../../../../libs/domain/src/course-session/course-session.events';
import { organizationDecider } from '../../../../libs/domain/src/organization/organization.decider';
import { programmeBrandDecider } from '../../../../libs/domain/src/programme-brand/programme-brand.decider';
import { CommandExecutor, CommandMeta } from '../write/command-executor';
import { CommandResult } from '../write/command-result';
import { streams } from '../write/streams';
import {
  AssignCourseToBrandDto,
  AttendanceRecordedView,
  CorrectCourseDetailsDto,
  CourseBrandView,
  CourseSessionView,
  CourseView,
  HoldCourseSessionDto,
  RegisterCourseDto,
  RemoveCourseFromBrandDto,
} from './courses.dto';

export class RegisterCourse {
  constructor(readonly dto: RegisterCourseDto, readonly meta: CommandMeta) {}
}

@CommandHandler(RegisterCourse)
export class RegisterCourseHandler implements ICommandHandler<RegisterCourse, CommandResult<CourseView>> {
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ dto, meta }: RegisterCourse): Promise<CommandResult<CourseView>> {
    const { state: organization } = await this.executor.load(streams.organization(dto.organizationId), organizationDecider);
    const { state, events } = await this.executor.execute(
      streams.course(dto.id),
      courseDecider,
      { type: 'RegisterCourse', data: { courseId: dto.id, organizationId: dto.organizationId, name: dto.name, category: dto.category }, organization },
      meta,
    );
    return { created: events.length > 0, body: courseView(state) };
  }
}

export class CorrectCourseDetails {
  constructor(readonly courseId: string, readonly dto: CorrectCourseDetailsDto, readonly meta: CommandMeta) {}
}

@CommandHandler(CorrectCourseDetails)
export class CorrectCourseDetailsHandler implements ICommandHandler<CorrectCourseDetails, CommandResult<CourseView>> {
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ courseId, dto, meta }: CorrectCourseDetails): Promise<CommandResult<CourseView>> {
    const { state, events } = await this.executor.execute(
      streams.course(courseId),
      courseDecider,
      { type: 'CorrectCourseDetails', data: { courseId, ...dto } },
      meta,
    );
    return { created: events.length > 0, body: courseView(state) };
  }
}

export class AssignCourseToBrand {
  constructor(readonly courseId: string, readonly dto: AssignCourseToBrandDto, readonly meta: CommandMeta) {}
}

@CommandHandler(AssignCourseToBrand)
export class AssignCourseToBrandHandler implements ICommandHandler<AssignCourseToBrand, CommandResult<CourseBrandView>> {
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ courseId, dto, meta }: AssignCourseToBrand): Promise<CommandResult<CourseBrandView>> {
    const { state: brand } = await this.executor.load(streams.programmeBrand(dto.brandId), programmeBrandDecider);
    const { state, events } = await this.executor.execute(
      streams.course(courseId),
      courseDecider,
      { type: 'AssignCourseToBrand', data: { courseId, brandId: dto.brandId }, brand },
      meta,
    );
    return { created: events.length > 0, body: courseBrandView(state) };
  }
}

export class RemoveCourseFromBrand {
  constructor(readonly courseId: string, readonly dto: RemoveCourseFromBrandDto, readonly meta: CommandMeta) {}
}

@CommandHandler(RemoveCourseFromBrand)
export class RemoveCourseFromBrandHandler implements ICommandHandler<RemoveCourseFromBrand, CommandResult<CourseBrandView>> {
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ courseId, dto, meta }: RemoveCourseFromBrand): Promise<CommandResult<CourseBrandView>> {
    const { state, events } = await this.executor.execute(
      streams.course(courseId),
      courseDecider,
      { type: 'RemoveCourseFromBrand', data: { courseId, reason: dto.reason } },
      meta,
    );
    return { created: events.length > 0, body: courseBrandView(state) };
  }
}

export class HoldCourseSession {
  constructor(readonly courseId: string, readonly dto: HoldCourseSessionDto, readonly meta: CommandMeta) {}
}

@CommandHandler(HoldCourseSession)
export class HoldCourseSessionHandler implements ICommandHandler<HoldCourseSession, CommandResult<CourseSessionView>> {
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ courseId, dto, meta }: HoldCourseSession): Promise<CommandResult<CourseSessionView>> {
    const { state: course } = await this.executor.load(streams.course(courseId), courseDecider);
    const { state, events } = await this.executor.execute(
      streams.courseSession(courseId, dto.id),
      courseSessionDecider,
      { type: 'HoldCourseSession', data: { courseId, sessionId: dto.id, date: dto.date, venue: dto.venue ?? null }, course },
      meta,
    );
    return { created: events.length > 0, body: courseSessionView(state) };
  }
}

/** Attendance, its voiding, and the voiding of a whole session: all decided on the session's stream. */
export class DecideOnCourseSession {
  constructor(readonly command: Exclude<CourseSessionCommand, { type: 'HoldCourseSession' }>, readonly meta: CommandMeta) {}
}

@CommandHandler(DecideOnCourseSession)
export class DecideOnCourseSessionHandler
  implements ICommandHandler<DecideOnCourseSession, CommandResult<CourseSessionView | AttendanceRecordedView>>
{
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ command, meta }: DecideOnCourseSession): Promise<CommandResult<CourseSessionView | AttendanceRecordedView>> {
    const { courseId, sessionId } = command.data;
    const { state, events } = await this.executor.execute(streams.courseSession(courseId, sessionId), courseSessionDecider, command, meta);
    const created = events.length > 0;
    if (command.type === 'RecordAttendance') {
      return { created, body: { recorded: events.length, alreadyRecorded: command.data.participantIds.length - events.length } };
    }
    return { created, body: courseSessionView(state) };
  }
}

export function courseView(state: CourseState): CourseView {
  if (state.status !== 'registered') throw new Error('course not registered');
  return { id: state.courseId, organizationId: state.organizationId, name: state.name, category: state.category };
}

export function courseBrandView(state: CourseState): CourseBrandView {
  if (state.status !== 'registered') throw new Error('course not registered');
  return { ...courseView(state), brandId: state.brandId ?? null };
}

export function courseSessionView(state: CourseSessionState): CourseSessionView {
  if (state.status === 'unknown') throw new Error('session not held');
  return {
    id: state.sessionId,
    courseId: state.courseId,
    date: state.date,
    venue: state.venue,
    attendances: state.attendees.size,
    status: state.status,
  };
}
