import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Meta } from '../http/request-context';
import { CommandMeta } from '../write/command-executor';
import { respond } from '../write/command-result';
import { CorrectClinic, RecordClinic, RecordClinicVisitors } from './clinics.commands';
import { ClinicView, ClinicVisitorsRecordedView, CorrectClinicDto, RecordClinicDto, RecordClinicVisitorsDto } from './clinics.dto';
import { Access } from '../access/access-rule';
import { target } from '../access/targets';
import { streams } from '../write/streams';

@ApiTags('clinics 义诊')
@Controller('clinics')
export class ClinicsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Access('record', target.body(['organizationId']))
  @ApiOperation({ summary: 'Record a free clinic and how many workers it served (ClinicHeld); no health data' })
  @ApiOkResponse({ type: ClinicView, description: '201 when recorded, 200 when it is a retry' })
  async record(@Body() dto: RecordClinicDto, @Meta() meta: CommandMeta, @Res({ passthrough: true }) res: Response) {
    return respond(res, await this.commands.execute(new RecordClinic(dto, meta)));
  }

  @Post(':clinicId/corrections')
  @Access('record', target.owner(streams.clinic, ['clinicId']))
  @ApiOperation({ summary: "Correct a clinic's details; the fields given replace the recorded ones (ClinicCorrected)" })
  @ApiOkResponse({ type: ClinicView })
  async correct(
    @Param('clinicId') clinicId: string,
    @Body() dto: CorrectClinicDto,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) res: Response,
  ) {
    return respond(res, await this.commands.execute(new CorrectClinic({ clinicId, ...dto }, meta)));
  }

  @Post(':clinicId/visitors')
  @Access('record', target.owner(streams.clinic, ['clinicId']))
  @ApiOperation({
    summary: "Identify a clinic's visitors by pseudonymous id, in one request (ClinicVisitorsRecorded); optional, never more than it served",
  })
  @ApiOkResponse({ type: ClinicVisitorsRecordedView, description: '201 when anyone new was identified, 200 when all were already' })
  async recordVisitors(
    @Param('clinicId') clinicId: string,
    @Body() dto: RecordClinicVisitorsDto,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) res: Response,
  ) {
    return respond(res, await this.commands.execute(new RecordClinicVisitors(clinicId, dto.participantIds, meta)));
  }
}
