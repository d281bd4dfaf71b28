import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional } from 'class-validator';
import { IsCalendarDate, IsLedgerId, IsText } from '../http/validation';

export class RecordWorkerFeedbackDto {
  @ApiProperty({ example: 'railway-visit-2024-07-shoes', description: 'chosen by the client, so a retried create is recognisable' })
  @IsLedgerId()
  id!: string;

  @ApiProperty({ example: 'railway-maintenance' }) @IsLedgerId() organizationId!: string;
  @ApiProperty({ example: '2024-07-09' }) @IsCalendarDate() date!: string;
  @ApiProperty({ example: '劳保鞋 protective shoes', description: 'what the workers were asked about' }) @IsText() topic!: string;

  @ApiProperty({ example: 12, description: 'how many suggestions came in, a whole number from 1 to 100,000; never what was said' })
  @IsInt()
  suggestions!: number;
}

export class CorrectWorkerFeedbackDto {
  @ApiPropertyOptional() @IsOptional() @IsText() topic?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() suggestions?: number;
  @ApiProperty({ example: 'two suggestions were counted twice' }) @IsText() reason!: string;
}

export class WorkerFeedbackView {
  @ApiProperty() id!: string;
  @ApiProperty() organizationId!: string;
  @ApiProperty() date!: string;
  @ApiProperty() topic!: string;
  @ApiProperty() suggestions!: number;
}
