import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { VoidDto } from '../courses/courses.dto';
import { Meta } from '../http/request-context';
import { CommandMeta } from '../write/command-executor';
import { respond } from '../write/command-result';
import { RecordMemberJoined, VoidMembership } from './membership.commands';
import { MembershipVoidedView, MemberView, RecordMemberJoinedDto } from './membership.dto';
import { Access } from '../access/access-rule';
import { target } from '../access/targets';

@ApiTags('members 入会')
@Controller('members')
export class MembershipController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Access('record', target.body(['organizationId']))
  @ApiOperation({ summary: 'Record a worker joining an organisation (MemberJoined)' })
  @ApiOkResponse({ type: MemberView, description: '201 when recorded, 200 when it is a retry' })
  async join(@Body() dto: RecordMemberJoinedDto, @Meta() meta: CommandMeta, @Res({ passthrough: true }) res: Response) {
    return respond(res, await this.commands.execute(new RecordMemberJoined(dto, meta)));
  }

  @Post(':organizationId/:workerId/void')
  @Access('record', target.param('organizationId'))
  @ApiOperation({ summary: 'Void a joining recorded by mistake (MembershipVoided)' })
  @ApiOkResponse({ type: MembershipVoidedView })
  async void(
    @Param('organizationId') organizationId: string,
    @Param('workerId') workerId: string,
    @Body() dto: VoidDto,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) res: Response,
  ) {
    return respond(res, await this.commands.execute(new VoidMembership(organizationId, workerId, dto.reason, meta)));
  }
}
