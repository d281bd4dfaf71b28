import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { GroupBy, ParticipationFilter } from '../../../../libs/projections/src/participation/participation.queries';
import { IsCalendarDate, IsLedgerId, ToBoolean, ToInteger } from '../http/validation';
import { LedgerHttpError } from '../http/error-body';
import { HttpStatus } from '@nestjs/common';

export class PeriodQueryDto {
  @ApiPropertyOptional({ default: true, description: 'include the whole subtree of the organisation' })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  subtree?: boolean;

  @ApiPropertyOptional({ example: '2024-01-01', description: 'first day of the period (inclusive)' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ example: '2024-12-31', description: 'last day of the period (inclusive)' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional({ default: 4, description: 'a regular attended at least this many sessions in the period' })
  @IsOptional()
  @ToInteger()
  @IsInt()
  @Min(1)
  @Max(10_000)
  regularMin?: number;

  @ApiPropertyOptional({ enum: ['month', 'year'], description: 'add a breakdown per month or per year' })
  @IsOptional()
  @IsIn(['month', 'year'])
  groupBy?: GroupBy;

  toFilter(organizationId: string | undefined): ParticipationFilter {
    if (this.from && this.to && this.from > this.to) {
      throw new LedgerHttpError(HttpStatus.BAD_REQUEST, 'from is after to', [{ field: 'from', rule: 'notAfterTo' }]);
    }
    return {
      organizationId,
      subtree: this.subtree ?? true,
      from: this.from,
      to: this.to,
      regularMin: this.regularMin ?? 4,
      groupBy: this.groupBy,
    };
  }
}

export class CourseFiguresQueryDto extends PeriodQueryDto {
  @ApiPropertyOptional({ example: 'chaoyang', description: 'whose courses; every organisation when absent' })
  @IsOptional()
  @IsLedgerId()
  organizationId?: string;
}
