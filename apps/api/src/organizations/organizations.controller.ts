import { Body, Controller, Get, HttpStatus, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { organizationDecider } from '../../../../libs/domain/src/organization/organization.decider';
import { LedgerHttpError } from '../http/error-body';
import { Meta } from '../http/request-context';
import { CommandExecutor, CommandMeta } from '../write/command-executor';
import { respond } from '../write/command-result';
import { streams } from '../write/streams';
import { organizationView, RegisterOrganization } from './organizations.commands';
import { OrganizationView, RegisterOrganizationDto } from './organizations.dto';

@ApiTags('organizations 工会组织')
@Controller('organizations')
export class OrganizationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly executor: CommandExecutor,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Register a union organisation under its parent (OrganizationRegistered)' })
  @ApiOkResponse({ type: OrganizationView, description: '201 when registered, 200 when it is a retry' })
  async register(@Body() dto: RegisterOrganizationDto, @Meta() meta: CommandMeta, @Res({ passthrough: true }) res: Response) {
    return respond(res, await this.commands.execute(new RegisterOrganization(dto, meta)));
  }

  @Get(':organizationId')
  @ApiOperation({ summary: 'An organisation as recorded in its stream' })
  @ApiOkResponse({ type: OrganizationView })
  async get(@Param('organizationId') organizationId: string): Promise<OrganizationView> {
    const { state } = await this.executor.load(streams.organization(organizationId), organizationDecider);
    if (state.status !== 'registered') {
      throw new LedgerHttpError(HttpStatus.NOT_FOUND, `organisation ${organizationId} does not exist`, [
        { field: 'organizationId', rule: 'exists' },
      ]);
    }
    return organizationView(state);
  }
}
