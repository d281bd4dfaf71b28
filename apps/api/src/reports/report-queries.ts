import { HttpStatus } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { ParticipationQueries } from '../../../../libs/projections/src/participation/participation.queries';
import { LedgerHttpError } from '../http/error-body';
import { IsLedgerId, LedgerValidationPipe } from '../http/validation';
import {
  FrequencyQueryDto,
  OrganizationScopeQueryDto,
  ProgrammeQueryDto,
  ScopeQueryDto,
  TargetsQueryDto,
} from '../projections/projections.dto';

/** The organisation summary's parameters: its endpoint takes the organisation in the path. */
export class OrganizationSummaryParametersDto extends ScopeQueryDto {
  @ApiProperty({ example: 'beijing' }) @IsLedgerId() organizationId!: string;
}

/**
 * The questions a report can publish: the projection queries, by name, with the parameters their
 * endpoints take (as query-string text). Each answers undefined when what it names is unknown.
 */
const QUERIES = {
  organizationSummary: {
    parameters: OrganizationSummaryParametersDto,
    run: (q: ParticipationQueries, p: OrganizationSummaryParametersDto) =>
      q.organizationSummary({ ...p.toFilter(p.organizationId), organizationId: p.organizationId }),
  },
  courses: { parameters: OrganizationScopeQueryDto, run: (q: ParticipationQueries, p: OrganizationScopeQueryDto) => q.courses(p.toFilter(p.organizationId)) },
  frequency: {
    parameters: FrequencyQueryDto,
    run: (q: ParticipationQueries, p: FrequencyQueryDto) => q.frequency({ ...p.toFilter(p.organizationId), courseId: p.courseId, brandId: p.brandId }),
  },
  trips: { parameters: OrganizationScopeQueryDto, run: (q: ParticipationQueries, p: OrganizationScopeQueryDto) => q.trips(p.toFilter(p.organizationId)) },
  cooling: { parameters: OrganizationScopeQueryDto, run: (q: ParticipationQueries, p: OrganizationScopeQueryDto) => q.cooling(p.toFilter(p.organizationId)) },
  programme: {
    parameters: ProgrammeQueryDto,
    run: (q: ParticipationQueries, p: ProgrammeQueryDto) => q.programme({ ...p.toFilter(p.organizationId), intakeId: p.intakeId }),
  },
  targets: {
    parameters: TargetsQueryDto,
    run: (q: ParticipationQueries, p: TargetsQueryDto) =>
      q.targets({ ...p.toFilter(p.organizationId), organizationId: p.organizationId, year: p.year }),
  },
} as const;

export type ReportQueryName = keyof typeof QUERIES;
export const REPORT_QUERY_NAMES = Object.keys(QUERIES) as ReportQueryName[];

/** A named query with validated parameters, ready to run on any generation or replay of the read model. */
export type PreparedQuery = (queries: ParticipationQueries) => Promise<unknown>;

/**
 * Validates the parameters as the query's endpoint validates its query string; a detail names the
 * field as `parameters.<name>`. `asOf` is refused: a report fixes its own position.
 */
export async function prepareQuery(name: ReportQueryName, parameters: Record<string, string>): Promise<PreparedQuery> {
  if ('asOf' in parameters) {
    throw new LedgerHttpError(HttpStatus.BAD_REQUEST, 'a report is computed at the head of the sealed log; asOf is not a parameter', [
      { field: 'parameters.asOf', rule: 'notAllowed' },
    ]);
  }
  const notText = Object.keys(parameters).filter((key) => typeof parameters[key] !== 'string');
  if (notText.length > 0) {
    throw new LedgerHttpError(HttpStatus.BAD_REQUEST, 'report parameters are text, as in a query string', notText.map((key) => ({ field: `parameters.${key}`, rule: 'isString' })));
  }
  const { parameters: Dto, run } = QUERIES[name];
  let dto: ScopeQueryDto;
  try {
    dto = (await new LedgerValidationPipe().transform({ ...parameters }, { type: 'query', metatype: Dto })) as ScopeQueryDto;
  } catch (error) {
    if (!(error instanceof LedgerHttpError)) throw error;
    const body = error.getResponse() as { details: Array<{ field: string; rule: string }> };
    throw new LedgerHttpError(HttpStatus.BAD_REQUEST, 'the report parameters are not valid', body.details.map((d) => ({ ...d, field: `parameters.${d.field}` })));
  }
  return (queries) => (run as (q: ParticipationQueries, p: ScopeQueryDto) => Promise<unknown>)(queries, dto);
}
