import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Meta } from '../http/request-context';
import { CommandMeta } from '../write/command-executor';
import { respond } from '../write/command-result';
import { CorrectClinic, RecordClinic } from './clinics.commands';
import { ClinicView, CorrectClinicDto, RecordClinicDto } from './clinics.dto';

@ApiTags('clinics 义诊')
@Controller('clinics')
export class ClinicsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @ApiOperation({ summary: 'Record a free clinic and how many workers it served (ClinicHeld); no health data' })
  @ApiOkResponse({ type: ClinicView, description: '201 when recorded, 200 when it is a retry' })
  async record(@Body() dto: RecordClinicDto, @Meta() meta: CommandMeta, @Res({ passthrough: true }) res: Response) {
    return respond(res, await this.commands.execute(new RecordClinic(dto, meta)));
  }

  @Post(':clinicId/corrections')
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
}
