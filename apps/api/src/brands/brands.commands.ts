import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { organizationDecider } from '../../../../libs/domain/src/organization/organization.decider';
import { programmeBrandDecider } from '../../../../libs/domain/src/programme-brand/programme-brand.decider';
import { ProgrammeBrandState } from '../../../../libs/domain/src/programme-brand/programme-brand.events';
import { CommandExecutor, CommandMeta } from '../write/command-executor';
import { CommandResult } from '../write/command-result';
import { streams } from '../write/streams';
import { CorrectProgrammeBrandDto, ProgrammeBrandView, RegisterProgrammeBrandDto } from './brands.dto';

export class RegisterProgrammeBrand {
  constructor(readonly dto: RegisterProgrammeBrandDto, readonly meta: CommandMeta) {}
}

@CommandHandler(RegisterProgrammeBrand)
export class RegisterProgrammeBrandHandler implements ICommandHandler<RegisterProgrammeBrand, CommandResult<ProgrammeBrandView>> {
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ dto, meta }: RegisterProgrammeBrand): Promise<CommandResult<ProgrammeBrandView>> {
    const { state: organization } = await this.executor.load(streams.organization(dto.organizationId), organizationDecider);
    const { state, events } = await this.executor.execute(
      streams.programmeBrand(dto.id),
      programmeBrandDecider,
      {
        type: 'RegisterProgrammeBrand',
        data: { brandId: dto.id, organizationId: dto.organizationId, name: dto.name, description: dto.description ?? null },
        organization,
      },
      meta,
    );
    return { created: events.length > 0, body: programmeBrandView(state) };
  }
}

export class CorrectProgrammeBrand {
  constructor(readonly brandId: string, readonly dto: CorrectProgrammeBrandDto, readonly meta: CommandMeta) {}
}

@CommandHandler(CorrectProgrammeBrand)
export class CorrectProgrammeBrandHandler implements ICommandHandler<CorrectProgrammeBrand, CommandResult<ProgrammeBrandView>> {
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ brandId, dto, meta }: CorrectProgrammeBrand): Promise<CommandResult<ProgrammeBrandView>> {
    const { state, events } = await this.executor.execute(
      streams.programmeBrand(brandId),
      programmeBrandDecider,
      { type: 'CorrectProgrammeBrand', data: { brandId, name: dto.name ?? undefined, description: dto.description, reason: dto.reason } },
      meta,
    );
    return { created: events.length > 0, body: programmeBrandView(state) };
  }
}

export function programmeBrandView(state: ProgrammeBrandState): ProgrammeBrandView {
  if (state.status !== 'registered') throw new Error('programme brand not registered');
  return { id: state.brandId, organizationId: state.organizationId, name: state.name, description: state.description };
}
