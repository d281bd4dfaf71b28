import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Meta } from '../http/request-context';
import { CommandMeta } from '../write/command-executor';
import { respond } from '../write/command-result';
import { SetTarget } from './targets.commands';
import { SetTargetDto, TargetView } from './targets.dto';
import { Access } from '../access/access-rule';
import { target } from '../access/targets';

@ApiTags('targets 年度目标')
@Controller('targets')
export class TargetsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Access('administer', target.body(['organizationId']))
  @ApiOperation({ summary: "Set or revise an organisation's target for one measure in one year (TargetSet)" })
  @ApiOkResponse({ type: TargetView, description: '201 when set or revised, 200 when it already is the target (a retry)' })
  async set(@Body() dto: SetTargetDto, @Meta() meta: CommandMeta, @Res({ passthrough: true }) res: Response) {
    return respond(res, await this.commands.execute(new SetTarget(dto, meta)));
  }
}
