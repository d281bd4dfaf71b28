import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { mealDecider } from '../../../../libs/domain/src/meal/meal.decider';
import { MealState } from '../../../../libs/domain/src/meal/meal.events';
import { organizationDecider } from '../../../../libs/domain/src/organization/organization.decider';
import { CommandExecutor, CommandMeta } from '../write/command-executor';
import { CommandResult } from '../write/command-result';
import { streams } from '../write/streams';
import { CorrectMealCountDto, MealView, RecordMealsServedDto } from './meals.dto';

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

export class CorrectMealCount {
  constructor(readonly mealId: string, readonly dto: CorrectMealCountDto, readonly meta: CommandMeta) {}
}

@CommandHandler(CorrectMealCount)
export class CorrectMealCountHandler implements ICommandHandler<CorrectMealCount, CommandResult<MealView>> {
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ mealId, dto, meta }: CorrectMealCount): Promise<CommandResult<MealView>> {
    const { state, events } = await this.executor.execute(
      streams.meal(mealId),
      mealDecider,
      { type: 'CorrectMealCount', data: { mealId, meals: dto.meals, reason: dto.reason } },
      meta,
    );
    return { created: events.length > 0, body: mealView(state) };
  }
}

function mealView(state: MealState): MealView {
  if (state.status !== 'served') throw new Error('meal not served');
  const { status: _status, mealId, ...rest } = state;
  return { id: mealId, ...rest };
}
