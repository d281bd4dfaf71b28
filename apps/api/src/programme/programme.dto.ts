import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayNotEmpty, IsArray, IsIn, IsOptional } from 'class-validator';
import { TUITION_AID, TuitionAid } from '../../../../libs/domain/src/programme-application/programme-application.events';
import { EachIsText, IsCalendarDate, IsLedgerId, IsText } from '../http/validation';

export class OpenProgrammeIntakeDto {
  @ApiProperty({ example: 'beijing-skills-2024', description: 'chosen by the client, so a retried create is recognisable' })
  @IsLedgerId()
  id!: string;

  @ApiProperty({ example: 'beijing' }) @IsLedgerId() organizationId!: string;
  @ApiProperty({ example: '职工学历提升计划 skills-upgrading programme' }) @IsText() programme!: string;

  @ApiProperty({
    type: [String],
    example: ['国家开放大学·工商管理 national open university, business administration'],
    description: 'the tracks applicants choose from: 1 to 20, each once',
  })
  @IsArray()
  @ArrayNotEmpty()
  @EachIsText()
  tracks!: string[];

  @ApiProperty({ example: '2024-03-01', description: 'may lie ahead, at most 366 days after today' })
  @IsCalendarDate()
  applicationOpens!: string;

  @ApiProperty({ example: '2024-04-30', description: 'not before applicationOpens' })
  @IsCalendarDate()
  applicationCloses!: string;
}

export class CorrectProgrammeIntakeDto {
  @ApiPropertyOptional() @IsOptional() @IsText() programme?: string;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayNotEmpty() @EachIsText() tracks?: string[];
  @ApiPropertyOptional() @IsOptional() @IsCalendarDate() applicationOpens?: string;
  @ApiPropertyOptional() @IsOptional() @IsCalendarDate() applicationCloses?: string;
  @ApiProperty({ example: 'applications stay open a week longer' }) @IsText() reason!: string;
}

export class ProgrammeIntakeView {
  @ApiProperty() id!: string;
  @ApiProperty() organizationId!: string;
  @ApiProperty() programme!: string;
  @ApiProperty({ type: [String] }) tracks!: string[];
  @ApiProperty() applicationOpens!: string;
  @ApiProperty() applicationCloses!: string;
}

export class RecordProgrammeApplicationDto {
  @ApiProperty({ example: 'ap-0001', description: 'pseudonymous id of the applicant; one application per intake' })
  @IsLedgerId()
  applicantId!: string;

  @ApiProperty({ example: '国家开放大学·工商管理 national open university, business administration', description: "one of the intake's tracks" })
  @IsText()
  track!: string;

  @ApiProperty({ example: 'chaowai', description: 'the union that recommends the applicant' })
  @IsLedgerId()
  recommendingOrganizationId!: string;

  @ApiProperty({ enum: TUITION_AID }) @IsIn(TUITION_AID) tuitionAid!: TuitionAid;

  @ApiProperty({ example: '2024-03-05', description: 'within the application window, not in the future' })
  @IsCalendarDate()
  date!: string;
}

export class RecordProgrammeAdmissionDto {
  @ApiProperty({ description: "one of the intake's tracks; may differ from the one applied to" }) @IsText() track!: string;
  @ApiProperty({ enum: TUITION_AID }) @IsIn(TUITION_AID) tuitionAid!: TuitionAid;
  @ApiProperty({ example: '2024-06-20', description: 'not before the application, not in the future' }) @IsCalendarDate() date!: string;
}

export class ProgrammeAdmissionView {
  @ApiProperty() track!: string;
  @ApiProperty({ enum: TUITION_AID }) tuitionAid!: TuitionAid;
  @ApiProperty() date!: string;
}

export class ProgrammeApplicationView {
  @ApiProperty() intakeId!: string;
  @ApiProperty() applicantId!: string;
  @ApiProperty() track!: string;
  @ApiProperty() recommendingOrganizationId!: string;
  @ApiProperty({ enum: TUITION_AID }) tuitionAid!: TuitionAid;
  @ApiProperty() date!: string;
  @ApiProperty({ type: ProgrammeAdmissionView, nullable: true, description: 'the admission that counts now, null if none' })
  admission!: ProgrammeAdmissionView | null;
}

export class ProgrammeApplicationVoidedView {
  @ApiProperty() intakeId!: string;
  @ApiProperty() applicantId!: string;
  @ApiProperty({ enum: ['voided'] }) status!: 'voided';
}
