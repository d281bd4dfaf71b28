import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { organizationDecider } from '../../../../libs/domain/src/organization/organization.decider';
import { workerFeedbackDecider } from '../../../../libs/domain/src/worker-feedback/worker-feedback.decider';
import { WorkerFeedbackState } from '../../../../libs/domain/src/worker-feedback/worker-feedback.events';
import { CommandExecutor, CommandMeta } from '../write/command-executor';
import { CommandResult } from '../write/command-result';
import { streams } from '../write/streams';
import { CorrectWorkerFeedbackDto, RecordWorkerFeedbackDto, WorkerFeedbackView } from './feedback.dto';

export class RecordWorkerFeedback {
  constructor(readonly dto: RecordWorkerFeedbackDto, readonly meta: CommandMeta) {}
}

@CommandHandler(RecordWorkerFeedback)
export class RecordWorkerFeedbackHandler implements ICommandHandler<RecordWorkerFeedback, CommandResult<WorkerFeedbackView>> {
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ dto, meta }: RecordWorkerFeedback): Promise<CommandResult<WorkerFeedbackView>> {
    const { state: organization } = await this.executor.load(streams.organization(dto.organizationId), organizationDecider);
    const { id: feedbackId, organizationId, date, topic, suggestions } = dto;
    const { state, events } = await this.executor.execute(
      streams.workerFeedback(feedbackId),
      workerFeedbackDecider,
      { type: 'RecordWorkerFeedback', data: { feedbackId, organizationId, date, topic, suggestions }, organization },
      meta,
    );
    return { created: events.length > 0, body: workerFeedbackView(state) };
  }
}

export class CorrectWorkerFeedback {
  constructor(readonly feedbackId: string, readonly dto: CorrectWorkerFeedbackDto, readonly meta: CommandMeta) {}
}

@CommandHandler(CorrectWorkerFeedback)
export class CorrectWorkerFeedbackHandler implements ICommandHandler<CorrectWorkerFeedback, CommandResult<WorkerFeedbackView>> {
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ feedbackId, dto, meta }: CorrectWorkerFeedback): Promise<CommandResult<WorkerFeedbackView>> {
    const { state, events } = await this.executor.execute(
      streams.workerFeedback(feedbackId),
      workerFeedbackDecider,
      {
        type: 'CorrectWorkerFeedback',
        data: { feedbackId, topic: dto.topic ?? undefined, suggestions: dto.suggestions ?? undefined, reason: dto.reason },
      },
      meta,
    );
    return { created: events.length > 0, body: workerFeedbackView(state) };
  }
}

export function workerFeedbackView(state: WorkerFeedbackState): WorkerFeedbackView {
  if (state.status !== 'recorded') throw new Error('feedback not recorded');
  return {
    id: state.feedbackId,
    organizationId: state.organizationId,
    date: state.date,
    topic: state.topic,
    suggestions: state.suggestions,
  };
}
