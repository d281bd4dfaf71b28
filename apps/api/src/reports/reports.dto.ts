import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsObject } from 'class-validator';
import { IsLedgerId, IsText } from '../http/validation';
import { REPORT_QUERY_NAMES, ReportQueryName } from './report-queries';

export class PublishReportDto {
  @ApiProperty({ example: 'chaowai-courses-2024' }) @IsLedgerId() id!: string;
  @ApiProperty({ example: '朝外街道 2024 年午间课程' }) @IsText() title!: string;

  @ApiProperty({ enum: REPORT_QUERY_NAMES, example: 'courses', description: 'which projection query the report publishes' })
  @IsIn(REPORT_QUERY_NAMES)
  query!: ReportQueryName;

  @ApiProperty({
    example: { organizationId: 'chaowai', from: '2024-01-01', to: '2024-12-31' },
    description: "the query's parameters, as its endpoint's query string takes them (text values)",
  })
  @IsObject()
  // The object as sent: class-transformer's copy would drop keys such as `toString`, which must be refused, not ignored.
  @Transform(({ obj }) => (obj as { parameters?: unknown }).parameters)
  parameters!: Record<string, string>;
}
