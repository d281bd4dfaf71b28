import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { organizationDecider } from '../../../../libs/domain/src/organization/organization.decider';
import { OrganizationState } from '../../../../libs/domain/src/organization/organization.events';
import { CommandExecutor, CommandMeta } from '../write/command-executor';
import { CommandResult } from '../write/command-result';
import { streams } from '../write/streams';
import { MoveOrganizationDto, OrganizationView, RegisterOrganizationDto, RenameOrganizationDto } from './organizations.dto';

/** No real tree is this deep; the bound only keeps a damaged history from looping forever. */
const MAX_TREE_DEPTH = 1_000;

export class RegisterOrganization {
  constructor(
    readonly dto: RegisterOrganizationDto,
    readonly meta: CommandMeta,
  ) {}
}

@CommandHandler(RegisterOrganization)
export class RegisterOrganizationHandler implements ICommandHandler<RegisterOrganization, CommandResult<OrganizationView>> {
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ dto, meta }: RegisterOrganization): Promise<CommandResult<OrganizationView>> {
    const parentId = dto.parentId ?? null;
    const parent = parentId ? (await this.executor.load(streams.organization(parentId), organizationDecider)).state : null;
    const { state, events } = await this.executor.execute(
      streams.organization(dto.id),
      organizationDecider,
      { type: 'RegisterOrganization', data: { organizationId: dto.id, name: dto.name, level: dto.level, parentId }, parent },
      meta,
    );
    return { created: events.length > 0, body: organizationView(state) };
  }
}

export class MoveOrganization {
  constructor(
    readonly organizationId: string,
    readonly dto: MoveOrganizationDto,
    readonly meta: CommandMeta,
  ) {}
}

@CommandHandler(MoveOrganization)
export class MoveOrganizationHandler implements ICommandHandler<MoveOrganization, CommandResult<OrganizationView>> {
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ organizationId, dto, meta }: MoveOrganization): Promise<CommandResult<OrganizationView>> {
    const { state: newParent } = await this.executor.load(streams.organization(dto.newParentId), organizationDecider);
    const newParentAncestors = newParent.status === 'registered' ? await this.ancestorsOf(newParent) : [];
    const { state, events } = await this.executor.execute(
      streams.organization(organizationId),
      organizationDecider,
      {
        type: 'MoveOrganization',
        data: { organizationId, newParentId: dto.newParentId, effectiveDate: dto.effectiveDate },
        newParent,
        newParentAncestors,
      },
      meta,
    );
    return { created: events.length > 0, body: organizationView(state) };
  }

  /** Ids from the organisation's parent up to the root, in today's tree, walking parent pointers. */
  private async ancestorsOf(organization: Extract<OrganizationState, { status: 'registered' }>): Promise<string[]> {
    const ancestors: string[] = [];
    const seen = new Set<string>([organization.organizationId]);
    let next = organization.parentId;
    while (next !== null && !seen.has(next) && ancestors.length < MAX_TREE_DEPTH) {
      ancestors.push(next);
      seen.add(next);
      const { state } = await this.executor.load(streams.organization(next), organizationDecider);
      next = state.status === 'registered' ? state.parentId : null;
    }
    return ancestors;
  }
}

export class RenameOrganization {
  constructor(
    readonly organizationId: string,
    readonly dto: RenameOrganizationDto,
    readonly meta: CommandMeta,
  ) {}
}

@CommandHandler(RenameOrganization)
export class RenameOrganizationHandler implements ICommandHandler<RenameOrganization, CommandResult<OrganizationView>> {
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ organizationId, dto, meta }: RenameOrganization): Promise<CommandResult<OrganizationView>> {
    const { state, events } = await this.executor.execute(
      streams.organization(organizationId),
      organizationDecider,
      { type: 'RenameOrganization', data: { organizationId, name: dto.name, effectiveDate: dto.effectiveDate } },
      meta,
    );
    return { created: events.length > 0, body: organizationView(state) };
  }
}

export function organizationView(state: OrganizationState): OrganizationView {
  if (state.status !== 'registered') throw new Error('organisation not registered');
  return { id: state.organizationId, name: state.name, level: state.level, parentId: state.parentId };
}
