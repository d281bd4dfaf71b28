import { ApiProperty } from '@nestjs/swagger';
import { ArrayNotEmpty, IsArray, IsInt } from 'class-validator';
import { EachIsLedgerId, IsCalendarDate, IsLedgerId, IsText } from '../http/validation';
import { OrganizationIdQuery, ScopeFilterQueryDto } from '../projections/projections.dto';

export class RecordMealsServedDto {
  @ApiProperty({ example: 'yuquanying-2024-01-18' }) @IsLedgerId() id!: string;
  @ApiProperty({ example: 'yuquanying' }) @IsLedgerId() organizationId!: string;
  @ApiProperty({ example: '爱心餐厅 partner restaurant' }) @IsText() partner!: string;
  @ApiProperty({ example: '2024-01-18' }) @IsCalendarDate() date!: string;
  @ApiProperty({ example: 75, description: 'meals served: a whole number from 1 to 100,000' }) @IsInt() meals!: number;
  @ApiProperty({ example: 'delivery riders 外卖骑手' }) @IsText() recipientGroup!: string;
}

export class CorrectMealCountDto {
  @ApiProperty({ example: 70, description: 'the corrected number of meals of this serving' }) @IsInt() meals!: number;
  @ApiProperty({ example: 'five meals were counted twice' }) @IsText() reason!: string;
}

export class MealView {
  @ApiProperty() id!: string;
  @ApiProperty() organizationId!: string;
  @ApiProperty() partner!: string;
  @ApiProperty() date!: string;
  @ApiProperty() meals!: number;
  @ApiProperty() recipientGroup!: string;
}

export class RecordMealRecipientsDto {
  @ApiProperty({
    type: [String],
    example: ['w-0001', 'w-0042'],
    description: 'pseudonymous ids of recipients, so people who used several services can be counted: at most 1,000, each once, never more than the meals served in all',
  })
  @IsArray()
  @ArrayNotEmpty()
  @EachIsLedgerId()
  participantIds!: string[];
}

export class MealRecipientsRecordedView {
  @ApiProperty({ description: 'recipients identified by this request' }) recorded!: number;
  @ApiProperty({ description: 'recipients already identified at this serving (a retry or an overlap)' }) alreadyRecorded!: number;
}

/** Which servings GET /meals lists: an organisation (with its subtree unless subtree=false) and a period. */
export class MealServingsQueryDto extends ScopeFilterQueryDto {
  @OrganizationIdQuery('meal servings') organizationId?: string;
}

/** One serving in the list, from the read model: never who its recipients are. */
export class MealServingSummaryView {
  @ApiProperty() mealId!: string;
  @ApiProperty() organizationId!: string;
  @ApiProperty() date!: string;
  @ApiProperty({ description: 'meals served, as corrected' }) meals!: number;
  @ApiProperty({ description: 'recipients identified by id, voided ones taken off' }) identifiedRecipients!: number;
}

export class MealServingsView {
  @ApiProperty({ type: [MealServingSummaryView], description: 'by date, then meal id' }) meals!: MealServingSummaryView[];
}
