import { ApiProperty } from '@nestjs/swagger';
import { IsInt } from 'class-validator';
import { IsCalendarDate, IsLedgerId, IsText } from '../http/validation';

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
