import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { VoidDto } from '../courses/courses.dto';
import { Meta } from '../http/request-context';
import { askNow, queriedOrganization } from '../projections/participation.queries';
import { CommandMeta } from '../write/command-executor';
import { respond } from '../write/command-result';
import { DecideOnMeal, RecordMealRecipients, RecordMealsServed } from './meals.commands';
import {
  CorrectMealCountDto,
  MealRecipientsRecordedView,
  MealServingsQueryDto,
  MealServingsView,
  MealView,
  RecordMealRecipientsDto,
  RecordMealsServedDto,
} from './meals.dto';
import { Access } from '../access/access-rule';
import { target } from '../access/targets';
import { streams } from '../write/streams';

@ApiTags('meals 爱心餐')
@Controller('meals')
export class MealsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Access('record', target.body(['organizationId']))
  @ApiOperation({ summary: 'Record free meals served with a partner (MealServed)' })
  @ApiOkResponse({ type: MealView, description: '201 when recorded, 200 when it is a retry' })
  async record(@Body() dto: RecordMealsServedDto, @Meta() meta: CommandMeta, @Res({ passthrough: true }) res: Response) {
    return respond(res, await this.commands.execute(new RecordMealsServed(dto, meta)));
  }

  @Get()
  @Access('read-figures', target.query('organizationId'))
  @ApiOperation({ summary: "Meal servings of an organisation's subtree in a period, from the read model: what staff pick a serving from" })
  @ApiOkResponse({ type: MealServingsView })
  async list(@Query() query: MealServingsQueryDto): Promise<MealServingsView> {
    const filter = query.toScopeFilter(query.organizationId);
    return { meals: await askNow(this.queries, (q) => q.mealServings(filter), queriedOrganization(query.organizationId)) };
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
    const command = { type: 'CorrectMealCount' as const, data: { mealId, meals: dto.meals, reason: dto.reason } };
    return respond(res, await this.commands.execute(new DecideOnMeal(command, meta)));
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

  @Post(':mealId/recipients/:participantId/void')
  @Access('record', target.owner(streams.meal, ['mealId']))
  @ApiOperation({ summary: 'Void one identified recipient of a serving (MealRecipientVoided); they may be identified again later' })
  @ApiOkResponse({ type: MealView, description: '201 when voided, 200 when it already was (a retry)' })
  async voidRecipient(
    @Param('mealId') mealId: string,
    @Param('participantId') participantId: string,
    @Body() dto: VoidDto,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) res: Response,
  ) {
    const command = { type: 'VoidMealRecipient' as const, data: { mealId, participantId, reason: dto.reason } };
    return respond(res, await this.commands.execute(new DecideOnMeal(command, meta)));
  }
}
