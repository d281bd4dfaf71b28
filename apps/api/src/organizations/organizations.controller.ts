import { Body, Controller, Get, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { organizationDecider } from '../../../../libs/domain/src/organization/organization.decider';
import { LedgerHttpError } from '../http/error-body';
import { Meta } from '../http/request-context';
import { askNow, queriedOrganization } from '../projections/participation.queries';
import { CommandExecutor, CommandMeta } from '../write/command-executor';
import { respond } from '../write/command-result';
import { streams } from '../write/streams';
import { MoveOrganization, organizationView, RegisterOrganization, RenameOrganization } from './organizations.commands';
import {
  MoveOrganizationDto,
  OrganizationTreeQueryDto,
  OrganizationTreeView,
  OrganizationView,
  RegisterOrganizationDto,
  RenameOrganizationDto,
} from './organizations.dto';
import { Access } from '../access/access-rule';
import { target } from '../access/targets';

@ApiTags('organizations 工会组织')
@Controller('organizations')
export class OrganizationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly executor: CommandExecutor,
  ) {}

  @Post()
  @Access('administer', target.body(['parentId'], 'ledger'))
  @ApiOperation({ summary: 'Register a union organisation under its parent (OrganizationRegistered)' })
  @ApiOkResponse({ type: OrganizationView, description: '201 when registered, 200 when it is a retry' })
  async register(@Body() dto: RegisterOrganizationDto, @Meta() meta: CommandMeta, @Res({ passthrough: true }) res: Response) {
    return respond(res, await this.commands.execute(new RegisterOrganization(dto, meta)));
  }

  @Post(':organizationId/moves')
  @Access('administer', target.param('organizationId'), target.body(['newParentId']))
  @ApiOperation({
    summary: 'Move an organisation under another parent from a date on (OrganizationMoved); what it did before stays where it was',
  })
  @ApiOkResponse({ type: OrganizationView, description: '201 when moved, 200 when it already sits there (a retry)' })
  async move(
    @Param('organizationId') organizationId: string,
    @Body() dto: MoveOrganizationDto,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) res: Response,
  ) {
    return respond(res, await this.commands.execute(new MoveOrganization(organizationId, dto, meta)));
  }

  @Post(':organizationId/renames')
  @Access('administer', target.param('organizationId'))
  @ApiOperation({ summary: 'Rename an organisation from a date on (OrganizationRenamed)' })
  @ApiOkResponse({ type: OrganizationView, description: '201 when renamed, 200 when it already has that name (a retry)' })
  async rename(
    @Param('organizationId') organizationId: string,
    @Body() dto: RenameOrganizationDto,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) res: Response,
  ) {
    return respond(res, await this.commands.execute(new RenameOrganization(organizationId, dto, meta)));
  }

  @Get()
  @Access('read-figures', target.query('under'))
  @ApiOperation({
    summary: "Today's organisation tree, from the read model: the whole of it, or under=<id> and its subtree; parents before their children",
  })
  @ApiOkResponse({ type: OrganizationTreeView })
  async tree(@Query() query: OrganizationTreeQueryDto): Promise<OrganizationTreeView> {
    const organizations = await askNow(this.queries, (q) => q.organizationTree(query.under), queriedOrganization(query.under, 'under'));
    return { organizations };
  }

  @Get(':organizationId')
  @Access('read-figures', target.param('organizationId'))
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
