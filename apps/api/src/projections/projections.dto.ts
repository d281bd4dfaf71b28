import { HttpStatus } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { GroupBy, ParticipationFilter, Tree } from '../../../../libs/projections/src/participation/participation.queries';
import { LedgerHttpError } from '../http/error-body';
import { IsCalendarDate, IsLedgerId, ToBoolean, ToInteger } from '../http/validation';

/** Where and when: the query parameters every participation question accepts. */
export class ScopeQueryDto {
  @ApiPropertyOptional({ default: true, description: 'include the whole subtree of the organisation' })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  subtree?: boolean;

  @ApiPropertyOptional({
    enum: ['dated', 'current'],
    default: 'dated',
    description: "roll up under the tree as it stood on each activity's date (dated), or under today's tree (current)",
  })
  @IsOptional()
  @IsIn(['dated', 'current'])
  tree?: Tree;

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
      tree: this.tree ?? 'dated',
      from: this.from,
      to: this.to,
      regularMin: this.regularMin ?? 4,
      groupBy: this.groupBy,
    };
  }
}

export class OrganizationScopeQueryDto extends ScopeQueryDto {
  @ApiPropertyOptional({ example: 'chaoyang', description: 'whose figures; every organisation when absent' })
  @IsOptional()
  @IsLedgerId()
  organizationId?: string;
}

export class FrequencyQueryDto extends OrganizationScopeQueryDto {
  @ApiPropertyOptional({ description: 'one course only' }) @IsOptional() @IsLedgerId() courseId?: string;
  @ApiPropertyOptional({ description: "one brand's courses only" }) @IsOptional() @IsLedgerId() brandId?: string;
}

export class ProgrammeQueryDto extends OrganizationScopeQueryDto {
  @ApiPropertyOptional({ description: 'one enrolment round only' }) @IsOptional() @IsLedgerId() intakeId?: string;
}

export class TargetsQueryDto extends ScopeQueryDto {
  @ApiProperty({ example: 'haidian' }) @IsLedgerId() organizationId!: string;

  @ApiProperty({ example: '2024' })
  @Matches(/^\d{4}$/)
  year!: string;
}
