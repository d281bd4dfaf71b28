import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayNotEmpty, IsArray, IsOptional } from 'class-validator';
import { EachIsLedgerId, IsCalendarDate, IsLedgerId, IsText } from '../http/validation';

export class RegisterCourseDto {
  @ApiProperty({ example: 'chaowai-painting' }) @IsLedgerId() id!: string;
  @ApiProperty({ example: 'chaowai' }) @IsLedgerId() organizationId!: string;
  @ApiProperty({ example: '午间彩绘课 Lunchtime colour painting' }) @IsText() name!: string;
  @ApiProperty({ example: 'art' }) @IsText() category!: string;
}

export class CorrectCourseDetailsDto {
  @ApiPropertyOptional() @IsOptional() @IsText() name?: string;
  @ApiPropertyOptional() @IsOptional() @IsText() category?: string;
  @ApiProperty({ example: 'name misspelt' }) @IsText() reason!: string;
}

export class CourseView {
  @ApiProperty() id!: string;
  @ApiProperty() organizationId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() category!: string;
}

/** The course view with the brand it is run under: what the brand endpoints answer. */
export class CourseBrandView extends CourseView {
  @ApiProperty({ nullable: true, type: String, description: 'the programme brand the course is run under, null if none' })
  brandId!: string | null;
}

export class AssignCourseToBrandDto {
  @ApiProperty({ example: 'chaowai-lunch-hour', description: 'a registered programme brand; a course belongs to at most one' })
  @IsLedgerId()
  brandId!: string;
}

export class RemoveCourseFromBrandDto {
  @ApiProperty({ example: 'the course left the programme' }) @IsText() reason!: string;
}

export class HoldCourseSessionDto {
  @ApiProperty({ example: '2024-03-04' }) @IsLedgerId() id!: string;
  @ApiProperty({ example: '2024-03-04' }) @IsCalendarDate() date!: string;
  @ApiPropertyOptional({ example: '朝外街道职工之家' }) @IsOptional() @IsText() venue?: string;
}

export class CourseSessionView {
  @ApiProperty() id!: string;
  @ApiProperty() courseId!: string;
  @ApiProperty() date!: string;
  @ApiProperty({ nullable: true, type: String }) venue!: string | null;
  @ApiProperty({ description: 'attendances that count now' }) attendances!: number;
  @ApiProperty({ enum: ['held', 'voided'] }) status!: 'held' | 'voided';
}

/** One session in a course's list of sessions, from the read model. */
export class CourseSessionSummaryView {
  @ApiProperty() sessionId!: string;
  @ApiProperty() date!: string;
  @ApiProperty({ description: 'attendances that count now' }) attendances!: number;
}

export class CourseSessionsView {
  @ApiProperty() courseId!: string;
  @ApiProperty({ type: [CourseSessionSummaryView], description: 'by date, then session id; voided sessions are not listed' })
  sessions!: CourseSessionSummaryView[];
}

export class RecordAttendanceDto {
  @ApiProperty({
    type: [String],
    example: ['w-0001', 'w-0042'],
    description: 'pseudonymous ids of everyone who attended the session: at most 1,000, each once',
  })
  @IsArray()
  @ArrayNotEmpty()
  @EachIsLedgerId()
  participantIds!: string[];
}

export class AttendanceRecordedView {
  @ApiProperty({ description: 'attendances recorded by this request' }) recorded!: number;
  @ApiProperty({ description: 'participants already recorded at this session (a retry or an overlap)' })
  alreadyRecorded!: number;
}

export class VoidDto {
  @ApiProperty({ example: 'recorded at the wrong session' }) @IsText() reason!: string;
}
