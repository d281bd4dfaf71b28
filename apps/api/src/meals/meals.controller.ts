import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Meta } from '../http/request-context';
import { CommandMeta } from '../write/command-executor';
import { respond } from '../write/command-result';
import { CorrectMealCount, RecordMealRecipients, RecordMealsServed } from './meals.commands';
import { CorrectMealCountDto, MealRecipientsRecordedView, MealView, RecordMealRecipientsDto, RecordMealsServedDto } from './meals.dto';
import { Access } from '../access/access-rule';
import { target } from '../access/targets';
import { streams } from '../write/streams';

@ApiTags('meals 爱心餐')
@Controller('meals')
export class MealsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Access('record', target.body(['organizationId']))
  @ApiOperation({ summary: 'Record free meals served with a partner (MealServed)' })
  @ApiOkResponse({ type: MealView, description: '201 when recorded, 200 when it is a retry' })
  async record(@Body() dto: RecordMealsServedDto, @Meta() meta: CommandMeta, @Res({ passthrough: true }) res: Response) {
    return respond(res, await this.commands.execute(new RecordMealsServed(dto, meta)));
  }

  @Post(':mealId/corrections')
  @Access('record', target.owner(streams.meal, ['mealId']))
  @ApiOperation({ summary: 'Correct the number of meals of a serving (MealCountCorrected)' })
  @ApiOkResponse({ type: MealView })
  async correct(
    @Param('mealId') mealId: string,
    @Body() dto: CorrectMealCountDto,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) res: Response,
  ) {
    return respond(res, await this.commands.execute(new CorrectMealCount(mealId, dto, meta)));
  }

  @Post(':mealId/recipients')
  @Access('record', target.owner(streams.meal, ['mealId']))
  @ApiOperation({
    summary: "Identify a serving's recipients by pseudonymous id, in one request (MealRecipientsRecorded); optional, never more than the meals",
  })
  @ApiOkResponse({ type: MealRecipientsRecordedView, description: '201 when anyone new was identified, 200 when all were already' })
  async recordRecipients(
    @Param('mealId') mealId: string,
    @Body() dto: RecordMealRecipientsDto,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) res: Response,
  ) {
    return respond(res, await this.commands.execute(new RecordMealRecipients(mealId, dto.participantIds, meta)));
  }
}
