import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { organizationDecider } from '../../../../libs/domain/src/organization/organization.decider';
import {
  ProgrammeApplicationCommand,
  programmeApplicationDecider,
} from '../../../../libs/domain/src/programme-application/programme-application.decider';
import { ProgrammeApplicationState } from '../../../../libs/domain/src/programme-application/programme-application.events';
import { programmeIntakeDecider } from '../../../../libs/domain/src/programme-intake/programme-intake.decider';
import { ProgrammeIntakeState } from '../../../../libs/domain/src/programme-intake/programme-intake.events';
import { CommandExecutor, CommandMeta } from '../write/command-executor';
import { CommandResult } from '../write/command-result';
import { streams } from '../write/streams';
import {
  CorrectProgrammeIntakeDto,
  OpenProgrammeIntakeDto,
  ProgrammeApplicationView,
  ProgrammeApplicationVoidedView,
  ProgrammeIntakeView,
  RecordProgrammeAdmissionDto,
  RecordProgrammeApplicationDto,
} from './programme.dto';

export class OpenProgrammeIntake {
  constructor(readonly dto: OpenProgrammeIntakeDto, readonly meta: CommandMeta) {}
}

@CommandHandler(OpenProgrammeIntake)
export class OpenProgrammeIntakeHandler implements ICommandHandler<OpenProgrammeIntake, CommandResult<ProgrammeIntakeView>> {
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ dto, meta }: OpenProgrammeIntake): Promise<CommandResult<ProgrammeIntakeView>> {
    const { state: organization } = await this.executor.load(streams.organization(dto.organizationId), organizationDecider);
    const { id: intakeId, organizationId, programme, tracks, applicationOpens, applicationCloses } = dto;
    const { state, events } = await this.executor.execute(
      streams.programmeIntake(intakeId),
      programmeIntakeDecider,
      {
        type: 'OpenProgrammeIntake',
        data: { intakeId, organizationId, programme, tracks, applicationOpens, applicationCloses },
        organization,
      },
      meta,
    );
    return { created: events.length > 0, body: programmeIntakeView(state) };
  }
}

export class CorrectProgrammeIntake {
  constructor(readonly intakeId: string, readonly dto: CorrectProgrammeIntakeDto, readonly meta: CommandMeta) {}
}

@CommandHandler(CorrectProgrammeIntake)
export class CorrectProgrammeIntakeHandler implements ICommandHandler<CorrectProgrammeIntake, CommandResult<ProgrammeIntakeView>> {
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ intakeId, dto, meta }: CorrectProgrammeIntake): Promise<CommandResult<ProgrammeIntakeView>> {
    const { state, events } = await this.executor.execute(
      streams.programmeIntake(intakeId),
      programmeIntakeDecider,
      { type: 'CorrectProgrammeIntake', data: { intakeId, ...dto } },
      meta,
    );
    return { created: events.length > 0, body: programmeIntakeView(state) };
  }
}

export class RecordProgrammeApplication {
  constructor(readonly intakeId: string, readonly dto: RecordProgrammeApplicationDto, readonly meta: CommandMeta) {}
}

@CommandHandler(RecordProgrammeApplication)
export class RecordProgrammeApplicationHandler
  implements ICommandHandler<RecordProgrammeApplication, CommandResult<ProgrammeApplicationView>>
{
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ intakeId, dto, meta }: RecordProgrammeApplication): Promise<CommandResult<ProgrammeApplicationView>> {
    const [{ state: intake }, { state: recommendingOrganization }] = await Promise.all([
      this.executor.load(streams.programmeIntake(intakeId), programmeIntakeDecider),
      this.executor.load(streams.organization(dto.recommendingOrganizationId), organizationDecider),
    ]);
    const { applicantId, track, recommendingOrganizationId, tuitionAid, date } = dto;
    const { state, events } = await this.executor.execute(
      streams.programmeApplication(intakeId, applicantId),
      programmeApplicationDecider,
      {
        type: 'RecordProgrammeApplication',
        data: { intakeId, applicantId, track, recommendingOrganizationId, tuitionAid, date },
        intake,
        recommendingOrganization,
      },
      meta,
    );
    return { created: events.length > 0, body: programmeApplicationView(state) };
  }
}

export class RecordProgrammeAdmission {
  constructor(
    readonly intakeId: string,
    readonly applicantId: string,
    readonly dto: RecordProgrammeAdmissionDto,
    readonly meta: CommandMeta,
  ) {}
}

@CommandHandler(RecordProgrammeAdmission)
export class RecordProgrammeAdmissionHandler
  implements ICommandHandler<RecordProgrammeAdmission, CommandResult<ProgrammeApplicationView>>
{
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ intakeId, applicantId, dto, meta }: RecordProgrammeAdmission): Promise<CommandResult<ProgrammeApplicationView>> {
    const { state: intake } = await this.executor.load(streams.programmeIntake(intakeId), programmeIntakeDecider);
    const { track, tuitionAid, date } = dto;
    const { state, events } = await this.executor.execute(
      streams.programmeApplication(intakeId, applicantId),
      programmeApplicationDecider,
      { type: 'RecordProgrammeAdmission', data: { intakeId, applicantId, track, tuitionAid, date }, intake },
      meta,
    );
    return { created: events.length > 0, body: programmeApplicationView(state) };
  }
}

/** Voiding an application or an admission: decided on the application's stream alone. */
export class VoidOnProgrammeApplication {
  constructor(
    readonly command: Extract<ProgrammeApplicationCommand, { type: 'VoidProgrammeApplication' | 'VoidProgrammeAdmission' }>,
    readonly meta: CommandMeta,
  ) {}
}

@CommandHandler(VoidOnProgrammeApplication)
export class VoidOnProgrammeApplicationHandler
  implements ICommandHandler<VoidOnProgrammeApplication, CommandResult<ProgrammeApplicationView | ProgrammeApplicationVoidedView>>
{
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ command, meta }: VoidOnProgrammeApplication): Promise<CommandResult<ProgrammeApplicationView | ProgrammeApplicationVoidedView>> {
    const { intakeId, applicantId } = command.data;
    const { state, events } = await this.executor.execute(
      streams.programmeApplication(intakeId, applicantId),
      programmeApplicationDecider,
      command,
      meta,
    );
    const created = events.length > 0;
    if (state.status === 'voided') return { created, body: { intakeId, applicantId, status: 'voided' } };
    return { created, body: programmeApplicationView(state) };
  }
}

export function programmeIntakeView(state: ProgrammeIntakeState): ProgrammeIntakeView {
  if (state.status !== 'opened') throw new Error('intake not opened');
  return {
    id: state.intakeId,
    organizationId: state.organizationId,
    programme: state.programme,
    tracks: state.tracks,
    applicationOpens: state.applicationOpens,
    applicationCloses: state.applicationCloses,
  };
}

export function programmeApplicationView(state: ProgrammeApplicationState): ProgrammeApplicationView {
  if (state.status !== 'applied') throw new Error('no application');
  const { admission } = state;
  return {
    intakeId: state.intakeId,
    applicantId: state.applicantId,
    track: state.track,
    recommendingOrganizationId: state.recommendingOrganizationId,
    tuitionAid: state.tuitionAid,
    date: state.date,
    admission: admission ? { track: admission.track, tuitionAid: admission.tuitionAid, date: admission.date } : null,
  };
}
