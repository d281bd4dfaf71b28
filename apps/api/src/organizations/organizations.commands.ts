import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { organizationDecider } from '../../../../libs/domain/src/organization/organization.decider';
import { OrganizationState } from '../../../../libs/domain/src/organization/organization.events';
import { CommandExecutor, CommandMeta } from '../write/command-executor';
import { CommandResult } from '../write/command-result';
import { streams } from '../write/streams';
import { OrganizationView, RegisterOrganizationDto } from './organizations.dto';

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

export function organizationView(state: OrganizationState): OrganizationView {
  if (state.status !== 'registered') throw new Error('organisation not registered');
  return { id: state.organizationId, name: state.name, level: state.level, parentId: state.parentId };
}
