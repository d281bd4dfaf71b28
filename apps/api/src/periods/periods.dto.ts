import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { IsLedgerId } from '../http/validation';

export class ClosePeriodDto {
  @ApiProperty({ example: 'chaowai', description: 'the organisation whose subtree the period is closed for' })
  @IsLedgerId()
  organizationId!: string;

  @ApiProperty({ example: '2024', description: 'a year YYYY or a month YYYY-MM that has ended' })
  @Matches(/^\d{4}(-(0[1-9]|1[0-2]))?$/, { message: 'period must be a year YYYY or a month YYYY-MM' })
  period!: string;
}
