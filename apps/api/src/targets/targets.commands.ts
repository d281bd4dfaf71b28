import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { organizationDecider } from '../../../../libs/domain/src/organization/organization.decider';
import { targetDecider } from '../../../../libs/domain/src/target/target.decider';
import { TargetEvent } from '../../../../libs/domain/src/target/target.events';
import { CommandExecutor, CommandMeta } from '../write/command-executor';
import { CommandResult } from '../write/command-result';
import { streams } from '../write/streams';
import { SetTargetDto, TargetView } from './targets.dto';

export class SetTarget {
  constructor(readonly dto: SetTargetDto, readonly meta: CommandMeta) {}
}

@CommandHandler(SetTarget)
export class SetTargetHandler implements ICommandHandler<SetTarget, CommandResult<TargetView>> {
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ dto, meta }: SetTarget): Promise<CommandResult<TargetView>> {
    const { organizationId, measure, period, target } = dto;
    const stream = streams.target(organizationId, measure, period);
    const { state: organization } = await this.executor.load(streams.organization(organizationId), organizationDecider);
    const { events } = await this.executor.execute(
      stream,
      targetDecider,
      { type: 'SetTarget', data: { organizationId, measure, period, target }, organization },
      meta,
    );
    const [set] = events;
    if (set) return { created: true, body: { organizationId, measure, period, target, previousTarget: set.data.previousTarget } };
    // The same target again: answer as the setting that made it the target did.
    const { state: latest } = await this.executor.load(stream, {
      initialState: null as TargetEvent | null,
      evolve: (_latest: TargetEvent | null, event: TargetEvent) => event,
    });
    return { created: false, body: { organizationId, measure, period, target, previousTarget: latest?.data.previousTarget ?? null } };
  }
}
