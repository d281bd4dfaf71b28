import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { membershipDecider } from '../../../../libs/domain/src/membership/membership.decider';
import { organizationDecider } from '../../../../libs/domain/src/organization/organization.decider';
import { CommandExecutor, CommandMeta } from '../write/command-executor';
import { CommandResult } from '../write/command-result';
import { streams } from '../write/streams';
import { MembershipVoidedView, MemberView, RecordMemberJoinedDto } from './membership.dto';

export class RecordMemberJoined {
  constructor(readonly dto: RecordMemberJoinedDto, readonly meta: CommandMeta) {}
}

@CommandHandler(RecordMemberJoined)
export class RecordMemberJoinedHandler implements ICommandHandler<RecordMemberJoined, CommandResult<MemberView>> {
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ dto, meta }: RecordMemberJoined): Promise<CommandResult<MemberView>> {
    const { state: organization } = await this.executor.load(streams.organization(dto.organizationId), organizationDecider);
    const { state, events } = await this.executor.execute(
      streams.membership(dto.organizationId, dto.workerId),
      membershipDecider,
      { type: 'RecordMemberJoined', data: { ...dto }, organization },
      meta,
    );
    if (state.status !== 'member') throw new Error('membership not recorded');
    const { status: _status, ...member } = state;
    return { created: events.length > 0, body: member };
  }
}

export class VoidMembership {
  constructor(readonly organizationId: string, readonly workerId: string, readonly reason: string, readonly meta: CommandMeta) {}
}

@CommandHandler(VoidMembership)
export class VoidMembershipHandler implements ICommandHandler<VoidMembership, CommandResult<MembershipVoidedView>> {
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ organizationId, workerId, reason, meta }: VoidMembership): Promise<CommandResult<MembershipVoidedView>> {
    const { events } = await this.executor.execute(
      streams.membership(organizationId, workerId),
      membershipDecider,
      { type: 'VoidMembership', data: { organizationId, workerId, reason } },
      meta,
    );
    return { created: events.length > 0, body: { organizationId, workerId, status: 'voided' } };
  }
}
