import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Meta } from '../http/request-context';
import { CommandMeta } from '../write/command-executor';
import { respond } from '../write/command-result';
import { CorrectWorkerFeedback, RecordWorkerFeedback } from './feedback.commands';
import { CorrectWorkerFeedbackDto, RecordWorkerFeedbackDto, WorkerFeedbackView } from './feedback.dto';
import { Access } from '../access/access-rule';
import { target } from '../access/targets';
import { streams } from '../write/streams';

@ApiTags('feedback 职工意见征集')
@Controller('feedback')
export class FeedbackController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Access('record', target.body(['organizationId']))
  @ApiOperation({ summary: 'Record a round of listening to workers: its topic and how many suggestions came in (WorkerFeedbackRecorded)' })
  @ApiOkResponse({ type: WorkerFeedbackView, description: '201 when recorded, 200 when it is a retry' })
  async record(@Body() dto: RecordWorkerFeedbackDto, @Meta() meta: CommandMeta, @Res({ passthrough: true }) res: Response) {
    return respond(res, await this.commands.execute(new RecordWorkerFeedback(dto, meta)));
  }

  @Post(':feedbackId/corrections')
  @Access('record', target.owner(streams.workerFeedback, ['feedbackId']))
  @ApiOperation({ summary: "Correct a feedback round's topic or number of suggestions (WorkerFeedbackCorrected)" })
  @ApiOkResponse({ type: WorkerFeedbackView })
  async correct(
    @Param('feedbackId') feedbackId: string,
    @Body() dto: CorrectWorkerFeedbackDto,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) res: Response,
  ) {
    return respond(res, await this.commands.execute(new CorrectWorkerFeedback(feedbackId, dto, meta)));
  }
}
