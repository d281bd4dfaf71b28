import { applyDecorators, HttpStatus } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, Matches, Max, Min, ValidateBy } from 'class-validator';
import { AsOf, parseAsOf } from '../../../../libs/projections/src/as-of';
import { GroupBy, ParticipationFilter, ScopeFilter, Tree } from '../../../../libs/projections/src/participation/participation.queries';
import { LedgerHttpError } from '../http/error-body';
import { IsCalendarDate, IsLedgerId, ToBoolean, ToInteger } from '../http/validation';

/** A global position as the API shows it, or an ISO-8601 instant with its zone. */
const IsPositionOrInstant = () =>
  ValidateBy({
    name: 'isPositionOrInstant',
    validator: {
      validate: (value) => typeof value === 'string' && parseAsOf(value) !== undefined,
      defaultMessage: (args) => `${args?.property} must be a log position ("42", "42:40") or an ISO-8601 instant with a zone`,
    },
  });

/** A period of activity dates, each bound inclusive and optional. */
export class PeriodQueryDto {
  @ApiPropertyOptional({ example: '2024-01-01', description: 'first day of the period (inclusive)' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ example: '2024-12-31', description: 'last day of the period (inclusive)' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  toPeriod(): Pick<ScopeFilter, 'from' | 'to'> {
    if (this.from && this.to && this.from > this.to) {
      throw new LedgerHttpError(HttpStatus.BAD_REQUEST, 'from is after to', [{ field: 'from', rule: 'notAfterTo' }]);
    }
    return { from: this.from, to: this.to };
  }
}

/** Whose activities and when: the query parameters a scope is made of, for listings as for figures. */
export class ScopeFilterQueryDto extends PeriodQueryDto {
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

  toScopeFilter(organizationId: string | undefined): ScopeFilter {
    return { organizationId, subtree: this.subtree ?? true, tree: this.tree ?? 'dated', ...this.toPeriod() };
  }
}

/** Where and when, and as of which point of the log: the query parameters every participation question accepts. */
export class ScopeQueryDto extends ScopeFilterQueryDto {
  @ApiPropertyOptional({
    example: '2025-03-01T12:00:00+08:00',
    description:
      'answer as the ledger stood then, replayed from the log: up to and including a global position (as /projections/status ' +
      'shows it; beyond the head means the head), or up to the last event recorded at or before an instant. ' +
      'The answer says which event it stops at in the X-As-Of-Position header.',
  })
  @IsOptional()
  @IsPositionOrInstant()
  asOf?: string;

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

  /** Undefined for the current answer. */
  toAsOf(): AsOf | undefined {
    return this.asOf === undefined ? undefined : parseAsOf(this.asOf);
  }

  toFilter(organizationId: string | undefined): ParticipationFilter {
    return { ...this.toScopeFilter(organizationId), regularMin: this.regularMin ?? 4, groupBy: this.groupBy };
  }
}

/** `explain=true`: the answer also lists the events its figures were counted from. */
const ExplainFlag = () =>
  applyDecorators(
    ApiPropertyOptional({
      default: false,
      description:
        'also answer explanation: {events, note}, the events of the log the figures were counted from (in log order, at most ' +
        '10,000, corrections and voids included), for recounting by hand',
    }),
    IsOptional(),
    ToBoolean(),
    IsBoolean(),
  );

export class ExplainableScopeQueryDto extends ScopeQueryDto {
  @ExplainFlag() explain?: boolean;
}

/** `organizationId` in a query string: whose activities (`what`); every organisation when absent. */
export const OrganizationIdQuery = (what = 'figures') =>
  applyDecorators(
    ApiPropertyOptional({ example: 'chaoyang', description: `whose ${what}; every organisation when absent` }),
    IsOptional(),
    IsLedgerId(),
  );

export class OrganizationScopeQueryDto extends ScopeQueryDto {
  @OrganizationIdQuery() organizationId?: string;
}

export class ExplainableOrganizationScopeQueryDto extends OrganizationScopeQueryDto {
  @ExplainFlag() explain?: boolean;
}

export class FrequencyQueryDto extends OrganizationScopeQueryDto {
  @ApiPropertyOptional({ description: 'one course only' }) @IsOptional() @IsLedgerId() courseId?: string;
  @ApiPropertyOptional({ description: "one brand's courses only" }) @IsOptional() @IsLedgerId() brandId?: string;
}

export class ExplainableFrequencyQueryDto extends FrequencyQueryDto {
  @ExplainFlag() explain?: boolean;
}

export class ProgrammeQueryDto extends OrganizationScopeQueryDto {
  @ApiPropertyOptional({ description: 'one enrolment round only' }) @IsOptional() @IsLedgerId() intakeId?: string;
}

export class ExplainableProgrammeQueryDto extends ProgrammeQueryDto {
  @ExplainFlag() explain?: boolean;
}

export class TargetsQueryDto extends ScopeQueryDto {
  @ApiProperty({ example: 'haidian' }) @IsLedgerId() organizationId!: string;

  @ApiProperty({ example: '2024' })
  @Matches(/^\d{4}$/)
  year!: string;
}

export class ExplainableTargetsQueryDto extends TargetsQueryDto {
  @ExplainFlag() explain?: boolean;
}
