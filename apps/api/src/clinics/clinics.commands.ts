import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { clinicDecider, ClinicCommand } from '../../../../libs/domain/src/clinic/clinic.decider';
import { ClinicState } from '../../../../libs/domain/src/clinic/clinic.events';
import { organizationDecider } from '../../../../libs/domain/src/organization/organization.decider';
import { CommandExecutor, CommandMeta } from '../write/command-executor';
import { CommandResult } from '../write/command-result';
import { streams } from '../write/streams';
import { ClinicView, ClinicVisitorsRecordedView, RecordClinicDto } from './clinics.dto';

export class RecordClinic {
  constructor(readonly dto: RecordClinicDto, readonly meta: CommandMeta) {}
}

@CommandHandler(RecordClinic)
export class RecordClinicHandler implements ICommandHandler<RecordClinic, CommandResult<ClinicView>> {
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ dto, meta }: RecordClinic): Promise<CommandResult<ClinicView>> {
    const { state: organization } = await this.executor.load(streams.organization(dto.organizationId), organizationDecider);
    const { id: clinicId, ...details } = dto;
    const { state, events } = await this.executor.execute(
      streams.clinic(clinicId),
      clinicDecider,
      { type: 'RecordClinic', data: { clinicId, ...details }, organization },
      meta,
    );
    return { created: events.length > 0, body: clinicView(state) };
  }
}

export class CorrectClinic {
  constructor(readonly data: Extract<ClinicCommand, { type: 'CorrectClinic' }>['data'], readonly meta: CommandMeta) {}
}

@CommandHandler(CorrectClinic)
export class CorrectClinicHandler implements ICommandHandler<CorrectClinic, CommandResult<ClinicView>> {
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ data, meta }: CorrectClinic): Promise<CommandResult<ClinicView>> {
    const { state, events } = await this.executor.execute(streams.clinic(data.clinicId), clinicDecider, { type: 'CorrectClinic', data }, meta);
    return { created: events.length > 0, body: clinicView(state) };
  }
}

export class RecordClinicVisitors {
  constructor(readonly clinicId: string, readonly participantIds: string[], readonly meta: CommandMeta) {}
}

@CommandHandler(RecordClinicVisitors)
export class RecordClinicVisitorsHandler implements ICommandHandler<RecordClinicVisitors, CommandResult<ClinicVisitorsRecordedView>> {
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ clinicId, participantIds, meta }: RecordClinicVisitors): Promise<CommandResult<ClinicVisitorsRecordedView>> {
    const { events } = await this.executor.execute(
      streams.clinic(clinicId),
      clinicDecider,
      { type: 'RecordClinicVisitors', data: { clinicId, participantIds } },
      meta,
    );
    const recorded = events.reduce((n, e) => n + (e.type === 'ClinicVisitorsRecorded' ? e.data.participantIds.length : 0), 0);
    return { created: recorded > 0, body: { recorded, alreadyRecorded: participantIds.length - recorded } };
  }
}

/** The clinic as recorded, field by field: the state also holds the identified visitors, never shown. */
function clinicView(state: ClinicState): ClinicView {
  if (state.status !== 'held') throw new Error('clinic not held');
  return {
    id: state.clinicId,
    organizationId: state.organizationId,
    venue: state.venue,
    date: state.date,
    services: state.services,
    workersServed: state.workersServed,
    targetGroups: state.targetGroups,
  };
}
