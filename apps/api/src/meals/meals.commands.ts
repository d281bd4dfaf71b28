import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { MealCommand, mealDecider } from '../../../../libs/domain/src/meal/meal.decider';
import { MealState } from '../../../../libs/domain/src/meal/meal.events';
import { organizationDecider } from '../../../../libs/domain/src/organization/organization.decider';
import { CommandExecutor, CommandMeta } from '../write/command-executor';
import { CommandResult } from '../write/command-result';
import { streams } from '../write/streams';
import { MealRecipientsRecordedView, MealView, RecordMealsServedDto } from './meals.dto';

export class RecordMealsServed {
  constructor(readonly dto: RecordMealsServedDto, readonly meta: CommandMeta) {}
}

@CommandHandler(RecordMealsServed)
export class RecordMealsServedHandler implements ICommandHandler<RecordMealsServed, CommandResult<MealView>> {
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ dto, meta }: RecordMealsServed): Promise<CommandResult<MealView>> {
    const { state: organization } = await this.executor.load(streams.organization(dto.organizationId), organizationDecider);
    const { id: mealId, ...details } = dto;
    const { state, events } = await this.executor.execute(
      streams.meal(mealId),
      mealDecider,
      { type: 'RecordMealsServed', data: { mealId, ...details }, organization },
      meta,
    );
    return { created: events.length > 0, body: mealView(state) };
  }
}

/** Corrections of a serving that answer the serving as it stands: its count, and voiding one identified recipient. */
export class DecideOnMeal {
  constructor(
    readonly command: Extract<MealCommand, { type: 'CorrectMealCount' | 'VoidMealRecipient' }>,
    readonly meta: CommandMeta,
  ) {}
}

@CommandHandler(DecideOnMeal)
export class DecideOnMealHandler implements ICommandHandler<DecideOnMeal, CommandResult<MealView>> {
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ command, meta }: DecideOnMeal): Promise<CommandResult<MealView>> {
    const { state, events } = await this.executor.execute(streams.meal(command.data.mealId), mealDecider, command, meta);
    return { created: events.length > 0, body: mealView(state) };
  }
}

export class RecordMealRecipients {
  constructor(readonly mealId: string, readonly participantIds: string[], readonly meta: CommandMeta) {}
}

@CommandHandler(RecordMealRecipients)
export class RecordMealRecipientsHandler implements ICommandHandler<RecordMealRecipients, CommandResult<MealRecipientsRecordedView>> {
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ mealId, participantIds, meta }: RecordMealRecipients): Promise<CommandResult<MealRecipientsRecordedView>> {
    const { events } = await this.executor.execute(
      streams.meal(mealId),
      mealDecider,
      { type: 'RecordMealRecipients', data: { mealId, participantIds } },
      meta,
    );
    const recorded = events.reduce((n, e) => n + (e.type === 'MealRecipientsRecorded' ? e.data.participantIds.length : 0), 0);
    return { created: recorded > 0, body: { recorded, alreadyRecorded: participantIds.length - recorded } };
  }
}

/** The serving as recorded, field by field: the state also holds the identified recipients, never shown. */
function mealView(state: MealState): MealView {
  if (state.status !== 'served') throw new Error('meal not served');
  return {
    id: state.mealId,
    organizationId: state.organizationId,
    partner: state.partner,
    date: state.date,
    meals: state.meals,
    recipientGroup: state.recipientGroup,
  };
}
