import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Meta } from '../http/request-context';
import { CommandMeta } from '../write/command-executor';
import { respond } from '../write/command-result';
import { ClosePeriod } from './periods.commands';
import { ClosePeriodDto } from './periods.dto';
import { Access } from '../access/access-rule';
import { target } from '../access/targets';

@ApiTags('reports 报告')
@Controller('periods')
export class PeriodsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Access('administer', target.body(['organizationId']))
  @ApiOperation({
    summary: "Close a reporting period (PeriodClosed) for an organisation's subtree: a year or a month that has ended",
    description:
      'What is published for it is final: later corrections are still recorded, and the reproduce answer of a report ' +
      'over that period marks them as restatements. 201 when closed, 200 when it already was.',
  })
  async close(@Body() dto: ClosePeriodDto, @Meta() meta: CommandMeta, @Res({ passthrough: true }) res: Response) {
    return respond(res, await this.commands.execute(new ClosePeriod(dto, meta)));
  }
}
