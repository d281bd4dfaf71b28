import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsOptional } from 'class-validator';
import { EachIsNested, EachIsText, IsCalendarDate, IsLedgerId, IsText } from '../http/validation';

/** Eligibility categories a trip may name. */
const ELIGIBILITY_MAX = 50;

export class OrganizeRecuperationTripDto {
  @ApiProperty({ example: 'haidian-beidaihe-2024-1', description: 'chosen by the client, so a retried create is recognisable' })
  @IsLedgerId()
  id!: string;

  @ApiProperty({ example: 'haidian' }) @IsLedgerId() organizationId!: string;
  @ApiProperty({ example: '北戴河 Beidaihe' }) @IsText() destination!: string;

  @ApiProperty({ example: '2024-07-15', description: 'may lie ahead, at most 366 days after today' })
  @IsCalendarDate()
  startDate!: string;

  @ApiProperty({ example: '2024-07-18', description: 'not before startDate; a trip lasts at most 31 days, both ends counted' })
  @IsCalendarDate()
  endDate!: string;

  @ApiProperty({
    type: [String],
    example: ['首席技师 craftsman title holder', '技能大赛获奖者 skills-contest winner'],
    description: `the categories of workers eligible, each once: 1 to ${ELIGIBILITY_MAX}`,
  })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(ELIGIBILITY_MAX)
  @EachIsText()
  eligibility!: string[];
}

export class CorrectRecuperationTripDto {
  @ApiPropertyOptional() @IsOptional() @IsText() destination?: string;
  @ApiPropertyOptional() @IsOptional() @IsCalendarDate() startDate?: string;
  @ApiPropertyOptional() @IsOptional() @IsCalendarDate() endDate?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(ELIGIBILITY_MAX)
  @EachIsText()
  eligibility?: string[];

  @ApiProperty({ example: 'the trip was moved by a week' }) @IsText() reason!: string;
}

export class TripParticipantDto {
  @ApiProperty({ example: 'sk-0001', description: 'pseudonymous id of the worker' })
  @IsLedgerId()
  participantId!: string;

  @ApiProperty({ example: '首席技师 craftsman title holder', description: "one of the trip's eligibility categories" })
  @IsText()
  eligibilityCategory!: string;
}

export class RecordTripParticipationDto {
  @ApiProperty({
    type: [TripParticipantDto],
    description: 'everyone who went on the trip, once the trip has started: at most 1,000 per request, each once',
  })
  @IsArray()
  @ArrayNotEmpty()
  @EachIsNested(() => TripParticipantDto)
  participants!: TripParticipantDto[];
}

export class RecuperationTripView {
  @ApiProperty() id!: string;
  @ApiProperty() organizationId!: string;
  @ApiProperty() destination!: string;
  @ApiProperty() startDate!: string;
  @ApiProperty() endDate!: string;
  @ApiProperty({ type: [String] }) eligibility!: string[];
  @ApiProperty({ description: 'participations that count now' }) participants!: number;
}

export class TripParticipationRecordedView {
  @ApiProperty({ description: 'participations recorded by this request' }) recorded!: number;
  @ApiProperty({ description: 'participants already recorded on this trip (a retry or an overlap)' }) alreadyRecorded!: number;
}
