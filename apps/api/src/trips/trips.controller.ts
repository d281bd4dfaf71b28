import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { VoidDto } from '../courses/courses.dto';
import { Meta } from '../http/request-context';
import { CommandMeta } from '../write/command-executor';
import { respond } from '../write/command-result';
import { DecideOnRecuperationTrip, OrganizeRecuperationTrip } from './trips.commands';
import {
  CorrectRecuperationTripDto,
  OrganizeRecuperationTripDto,
  RecordTripParticipationDto,
  RecuperationTripView,
  TripParticipationRecordedView,
} from './trips.dto';
import { Access } from '../access/access-rule';
import { target } from '../access/targets';
import { streams } from '../write/streams';

@ApiTags('trips 疗休养')
@Controller('trips')
export class TripsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Access('record', target.body(['organizationId']))
  @ApiOperation({ summary: 'Organise a recuperation trip: where, when, and who is eligible (RecuperationTripOrganized)' })
  @ApiOkResponse({ type: RecuperationTripView, description: '201 when organised, 200 when it is a retry' })
  async organize(@Body() dto: OrganizeRecuperationTripDto, @Meta() meta: CommandMeta, @Res({ passthrough: true }) res: Response) {
    return respond(res, await this.commands.execute(new OrganizeRecuperationTrip(dto, meta)));
  }

  @Post(':tripId/corrections')
  @Access('record', target.owner(streams.recuperationTrip, ['tripId']))
  @ApiOperation({ summary: "Correct a trip's details; the fields given replace the recorded ones (RecuperationTripCorrected)" })
  @ApiOkResponse({ type: RecuperationTripView })
  async correct(
    @Param('tripId') tripId: string,
    @Body() dto: CorrectRecuperationTripDto,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) res: Response,
  ) {
    const command = { type: 'CorrectRecuperationTrip' as const, data: { tripId, ...dto } };
    return respond(res, await this.commands.execute(new DecideOnRecuperationTrip(command, meta)));
  }

  @Post(':tripId/participants')
  @Access('record', target.owner(streams.recuperationTrip, ['tripId']))
  @ApiOperation({ summary: 'Record everyone who went on a trip, in one request (one TripParticipationRecorded each)' })
  @ApiOkResponse({ type: TripParticipationRecordedView, description: '201 when anyone new was recorded, 200 when all were already' })
  async recordParticipants(
    @Param('tripId') tripId: string,
    @Body() dto: RecordTripParticipationDto,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) res: Response,
  ) {
    const participants = dto.participants.map(({ participantId, eligibilityCategory }) => ({ participantId, eligibilityCategory }));
    const command = { type: 'RecordTripParticipation' as const, data: { tripId, participants } };
    return respond(res, await this.commands.execute(new DecideOnRecuperationTrip(command, meta)));
  }

  @Post(':tripId/participants/:participantId/void')
  @Access('record', target.owner(streams.recuperationTrip, ['tripId']))
  @ApiOperation({ summary: "Void one participant's trip participation (TripParticipationVoided)" })
  @ApiOkResponse({ type: RecuperationTripView })
  async voidParticipation(
    @Param('tripId') tripId: string,
    @Param('participantId') participantId: string,
    @Body() dto: VoidDto,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) res: Response,
  ) {
    const command = { type: 'VoidTripParticipation' as const, data: { tripId, participantId, reason: dto.reason } };
    return respond(res, await this.commands.execute(new DecideOnRecuperationTrip(command, meta)));
  }
}
