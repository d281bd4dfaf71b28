import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { VoidDto } from '../courses/courses.dto';
import { Meta } from '../http/request-context';
import { CommandMeta } from '../write/command-executor';
import { respond } from '../write/command-result';
import {
  CorrectProgrammeIntake,
  OpenProgrammeIntake,
  RecordProgrammeAdmission,
  RecordProgrammeApplication,
  VoidOnProgrammeApplication,
} from './programme.commands';
import {
  CorrectProgrammeIntakeDto,
  OpenProgrammeIntakeDto,
  ProgrammeAdmissionView,
  ProgrammeApplicationView,
  ProgrammeApplicationVoidedView,
  ProgrammeIntakeView,
  RecordProgrammeAdmissionDto,
  RecordProgrammeApplicationDto,
} from './programme.dto';
import { Access } from '../access/access-rule';
import { target } from '../access/targets';
import { streams } from '../write/streams';

@ApiTags('programme 职工学历提升')
@ApiExtraModels(ProgrammeAdmissionView)
@Controller('programme/intakes')
export class ProgrammeController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Access('administer', target.body(['organizationId']))
  @ApiOperation({ summary: "Open a skills programme's intake: its tracks and its application window (ProgrammeIntakeOpened)" })
  @ApiOkResponse({ type: ProgrammeIntakeView, description: '201 when opened, 200 when it is a retry' })
  async open(@Body() dto: OpenProgrammeIntakeDto, @Meta() meta: CommandMeta, @Res({ passthrough: true }) res: Response) {
    return respond(res, await this.commands.execute(new OpenProgrammeIntake(dto, meta)));
  }

  @Post(':intakeId/corrections')
  @Access('administer', target.owner(streams.programmeIntake, ['intakeId']))
  @ApiOperation({ summary: "Correct an intake's details; the fields given replace the recorded ones (ProgrammeIntakeCorrected)" })
  @ApiOkResponse({ type: ProgrammeIntakeView })
  async correct(
    @Param('intakeId') intakeId: string,
    @Body() dto: CorrectProgrammeIntakeDto,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) res: Response,
  ) {
    return respond(res, await this.commands.execute(new CorrectProgrammeIntake(intakeId, dto, meta)));
  }

  @Post(':intakeId/applications')
  @Access('record', target.owner(streams.programmeIntake, ['intakeId']))
  @ApiOperation({ summary: "Record a worker's application to a track, on a union's recommendation (ProgrammeApplicationRecorded)" })
  @ApiOkResponse({ type: ProgrammeApplicationView, description: '201 when recorded, 200 when it is a retry' })
  async apply(
    @Param('intakeId') intakeId: string,
    @Body() dto: RecordProgrammeApplicationDto,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) res: Response,
  ) {
    return respond(res, await this.commands.execute(new RecordProgrammeApplication(intakeId, dto, meta)));
  }

  @Post(':intakeId/applications/:applicantId/void')
  @Access('record', target.owner(streams.programmeIntake, ['intakeId']))
  @ApiOperation({ summary: 'Void an application recorded by mistake, with its admission (ProgrammeApplicationVoided)' })
  @ApiOkResponse({ type: ProgrammeApplicationVoidedView })
  async voidApplication(
    @Param('intakeId') intakeId: string,
    @Param('applicantId') applicantId: string,
    @Body() dto: VoidDto,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) res: Response,
  ) {
    const command = { type: 'VoidProgrammeApplication' as const, data: { intakeId, applicantId, reason: dto.reason } };
    return respond(res, await this.commands.execute(new VoidOnProgrammeApplication(command, meta)));
  }

  @Post(':intakeId/applications/:applicantId/admission')
  @Access('record', target.owner(streams.programmeIntake, ['intakeId']))
  @ApiOperation({ summary: 'Record that an applicant was admitted, to a track and with tuition aid (ProgrammeAdmissionRecorded)' })
  @ApiOkResponse({ type: ProgrammeApplicationView, description: '201 when recorded, 200 when it is a retry' })
  async admit(
    @Param('intakeId') intakeId: string,
    @Param('applicantId') applicantId: string,
    @Body() dto: RecordProgrammeAdmissionDto,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) res: Response,
  ) {
    return respond(res, await this.commands.execute(new RecordProgrammeAdmission(intakeId, applicantId, dto, meta)));
  }

  @Post(':intakeId/applications/:applicantId/admission/void')
  @Access('record', target.owner(streams.programmeIntake, ['intakeId']))
  @ApiOperation({ summary: 'Void an admission recorded by mistake; the application still counts (ProgrammeAdmissionVoided)' })
  @ApiOkResponse({ type: ProgrammeApplicationView })
  async voidAdmission(
    @Param('intakeId') intakeId: string,
    @Param('applicantId') applicantId: string,
    @Body() dto: VoidDto,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) res: Response,
  ) {
    const command = { type: 'VoidProgrammeAdmission' as const, data: { intakeId, applicantId, reason: dto.reason } };
    return respond(res, await this.commands.execute(new VoidOnProgrammeApplication(command, meta)));
  }
}
