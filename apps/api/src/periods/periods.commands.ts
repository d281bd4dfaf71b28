import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { organizationDecider } from '../../../../libs/domain/src/organization/organization.decider';
import { reportingPeriodDecider } from '../../../../libs/domain/src/reporting-period/reporting-period.decider';
import { CommandExecutor, CommandMeta } from '../write/command-executor';
import { CommandResult } from '../write/command-result';
import { streams } from '../write/streams';
import { ClosePeriodDto } from './periods.dto';

export class ClosePeriod {
  constructor(readonly dto: ClosePeriodDto, readonly meta: CommandMeta) {}
}

@CommandHandler(ClosePeriod)
export class ClosePeriodHandler implements ICommandHandler<ClosePeriod, CommandResult<{ organizationId: string; period: string; closed: true }>> {
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ dto, meta }: ClosePeriod) {
    const { organizationId, period } = dto;
    const { state: organization } = await this.executor.load(streams.organization(organizationId), organizationDecider);
    const { events } = await this.executor.execute(
      streams.reportingPeriod(organizationId, period),
      reportingPeriodDecider,
      { type: 'ClosePeriod', data: { organizationId, period }, organization },
      meta,
    );
    return { created: events.length > 0, body: { organizationId, period, closed: true as const } };
  }
}
