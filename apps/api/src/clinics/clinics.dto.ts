import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsInt, IsOptional } from 'class-validator';
import { EachIsLedgerId, EachIsText, IsCalendarDate, IsLedgerId, IsText } from '../http/validation';

const LIST_MAX = 50;

export class RecordClinicDto {
  @ApiProperty({ example: 'xinfadi-2024-06-12' }) @IsLedgerId() id!: string;
  @ApiProperty({ example: 'fengtai' }) @IsLedgerId() organizationId!: string;
  @ApiProperty({ example: '新发地农产品批发市场 Xinfadi wholesale market' }) @IsText() venue!: string;
  @ApiProperty({ example: '2024-06-12' }) @IsCalendarDate() date!: string;

  @ApiProperty({ type: [String], example: ['blood pressure', 'blood glucose', 'TCM constitution'] })
  @IsArray() @ArrayNotEmpty() @ArrayMaxSize(LIST_MAX) @EachIsText()
  services!: string[];

  @ApiProperty({ example: 32, description: 'workers served: a whole number from 1 to 10,000' })
  @IsInt()
  workersServed!: number;

  @ApiProperty({ type: [String], example: ['new-form workers', 'outdoor workers'] })
  @IsArray() @ArrayMaxSize(LIST_MAX) @EachIsText()
  targetGroups!: string[];
}

export class CorrectClinicDto {
  @ApiPropertyOptional() @IsOptional() @IsText() venue?: string;
  @ApiPropertyOptional() @IsOptional() @IsCalendarDate() date?: string;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayNotEmpty() @ArrayMaxSize(LIST_MAX) @EachIsText() services?: string[];
  @ApiPropertyOptional() @IsOptional() @IsInt() workersServed?: number;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(LIST_MAX) @EachIsText() targetGroups?: string[];
  @ApiProperty({ example: 'two workers counted twice' }) @IsText() reason!: string;
}

export class ClinicView {
  @ApiProperty() id!: string;
  @ApiProperty() organizationId!: string;
  @ApiProperty() venue!: string;
  @ApiProperty() date!: string;
  @ApiProperty({ type: [String] }) services!: string[];
  @ApiProperty() workersServed!: number;
  @ApiProperty({ type: [String] }) targetGroups!: string[];
}

export class RecordClinicVisitorsDto {
  @ApiProperty({
    type: [String],
    example: ['w-0001', 'w-0042'],
    description: 'pseudonymous ids of visitors, so people who used several services can be counted: at most 1,000, each once, never more than workersServed in all',
  })
  @IsArray()
  @ArrayNotEmpty()
  @EachIsLedgerId()
  participantIds!: string[];
}

export class ClinicVisitorsRecordedView {
  @ApiProperty({ description: 'visitors identified by this request' }) recorded!: number;
  @ApiProperty({ description: 'visitors already identified at this clinic (a retry or an overlap)' }) alreadyRecorded!: number;
}
