import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { organizationDecider } from '../../../../libs/domain/src/organization/organization.decider';
import {
  RecuperationTripCommand,
  recuperationTripDecider,
} from '../../../../libs/domain/src/recuperation-trip/recuperation-trip.decider';
import { RecuperationTripState } from '../../../../libs/domain/src/recuperation-trip/recuperation-trip.events';
import { assertDistinct } from '../../../../libs/domain/src/shared/rules';
import { CommandExecutor, CommandMeta } from '../write/command-executor';
import { CommandResult } from '../write/command-result';
import { streams } from '../write/streams';
import { OrganizeRecuperationTripDto, RecuperationTripView, TripParticipationRecordedView } from './trips.dto';

export class OrganizeRecuperationTrip {
  constructor(readonly dto: OrganizeRecuperationTripDto, readonly meta: CommandMeta) {}
}

@CommandHandler(OrganizeRecuperationTrip)
export class OrganizeRecuperationTripHandler implements ICommandHandler<OrganizeRecuperationTrip, CommandResult<RecuperationTripView>> {
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ dto, meta }: OrganizeRecuperationTrip): Promise<CommandResult<RecuperationTripView>> {
    assertDistinct('eligibility', dto.eligibility, (category) => `eligibility category ${category} is listed twice`);
    const { state: organization } = await this.executor.load(streams.organization(dto.organizationId), organizationDecider);
    const { id: tripId, organizationId, destination, startDate, endDate, eligibility } = dto;
    const { state, events } = await this.executor.execute(
      streams.recuperationTrip(tripId),
      recuperationTripDecider,
      { type: 'OrganizeRecuperationTrip', data: { tripId, organizationId, destination, startDate, endDate, eligibility }, organization },
      meta,
    );
    return { created: events.length > 0, body: recuperationTripView(state) };
  }
}

/** Corrections, participations and their voiding: all decided on the trip's stream. */
export class DecideOnRecuperationTrip {
  constructor(
    readonly command: Exclude<RecuperationTripCommand, { type: 'OrganizeRecuperationTrip' }>,
    readonly meta: CommandMeta,
  ) {}
}

@CommandHandler(DecideOnRecuperationTrip)
export class DecideOnRecuperationTripHandler
  implements ICommandHandler<DecideOnRecuperationTrip, CommandResult<RecuperationTripView | TripParticipationRecordedView>>
{
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ command, meta }: DecideOnRecuperationTrip): Promise<CommandResult<RecuperationTripView | TripParticipationRecordedView>> {
    if (command.type === 'CorrectRecuperationTrip' && command.data.eligibility) {
      assertDistinct('eligibility', command.data.eligibility, (category) => `eligibility category ${category} is listed twice`);
    }
    const { state, events } = await this.executor.execute(
      streams.recuperationTrip(command.data.tripId),
      recuperationTripDecider,
      command,
      meta,
    );
    const created = events.length > 0;
    if (command.type === 'RecordTripParticipation') {
      return { created, body: { recorded: events.length, alreadyRecorded: command.data.participants.length - events.length } };
    }
    return { created, body: recuperationTripView(state) };
  }
}

export function recuperationTripView(state: RecuperationTripState): RecuperationTripView {
  if (state.status !== 'organized') throw new Error('trip not organized');
  return {
    id: state.tripId,
    organizationId: state.organizationId,
    destination: state.destination,
    startDate: state.startDate,
    endDate: state.endDate,
    eligibility: state.eligibility,
    participants: state.participants.size,
  };
}
