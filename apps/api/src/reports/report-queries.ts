import { HttpStatus } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { ParticipationQueries } from '../../../../libs/projections/src/participation/participation.queries';
import { LedgerHttpError } from '../http/error-body';
import { IsLedgerId, LedgerValidationPipe } from '../http/validation';
import {
  explainCooling,
  explainCourses,
  explainFrequency,
  explainOrganizationSummary,
  explainProgramme,
  ExplainRequest,
  explainTargets,
  explainTrips,
} from '../projections/explain';
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
  organizationSummary: query(OrganizationSummaryParametersDto, (p) => {
    const filter = { ...p.toFilter(p.organizationId), organizationId: p.organizationId };
    return { run: (q) => q.organizationSummary(filter), explain: () => explainOrganizationSummary(filter) };
  }),
  courses: query(OrganizationScopeQueryDto, (p) => {
    const filter = p.toFilter(p.organizationId);
    return { run: (q) => q.courses(filter), explain: () => explainCourses(filter) };
  }),
  frequency: query(FrequencyQueryDto, (p) => {
    const filter = { ...p.toFilter(p.organizationId), courseId: p.courseId, brandId: p.brandId };
    return { run: (q) => q.frequency(filter), explain: () => explainFrequency(filter, { courseId: p.courseId, brandId: p.brandId }) };
  }),
  trips: query(OrganizationScopeQueryDto, (p) => {
    const filter = p.toFilter(p.organizationId);
    return { run: (q) => q.trips(filter), explain: () => explainTrips(filter) };
  }),
  cooling: query(OrganizationScopeQueryDto, (p) => {
    const filter = p.toFilter(p.organizationId);
    return { run: (q) => q.cooling(filter), explain: () => explainCooling(filter) };
  }),
  programme: query(ProgrammeQueryDto, (p) => {
    const filter = { ...p.toFilter(p.organizationId), intakeId: p.intakeId };
    return { run: (q) => q.programme(filter), explain: () => explainProgramme(filter, p.intakeId) };
  }),
  targets: query(TargetsQueryDto, (p) => {
    const filter = { ...p.toFilter(p.organizationId), organizationId: p.organizationId, year: p.year };
    return {
      run: (q) => q.targets(filter),
      explain: (progress) => explainTargets(filter, ((progress ?? []) as Array<{ measure: string }>).map((target) => target.measure)),
    };
  }),
} as const;

/** A report's query made runnable: its figures on a read model, and which events they are counted from. */
export interface PreparedQuery {
  readonly run: (queries: ParticipationQueries) => Promise<unknown>;
  /** What to explain, given the answer (the targets query lists only the measures that have a target). */
  readonly explain: (answer: unknown) => ExplainRequest;
}

function query<Parameters extends ScopeQueryDto>(parameters: new () => Parameters, prepare: (p: Parameters) => PreparedQuery) {
  return { parameters, prepare: prepare as (p: ScopeQueryDto) => PreparedQuery };
}

export type ReportQueryName = keyof typeof QUERIES;
export const REPORT_QUERY_NAMES = Object.keys(QUERIES) as ReportQueryName[];


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
  const { parameters: Dto, prepare } = QUERIES[name];
  let dto: ScopeQueryDto;
  try {
    dto = (await new LedgerValidationPipe().transform({ ...parameters }, { type: 'query', metatype: Dto })) as ScopeQueryDto;
  } catch (error) {
    if (!(error instanceof LedgerHttpError)) throw error;
    const body = error.getResponse() as { details: Array<{ field: string; rule: string }> };
    throw new LedgerHttpError(HttpStatus.BAD_REQUEST, 'the report parameters are not valid', body.details.map((d) => ({ ...d, field: `parameters.${d.field}` })));
  }
  return prepare(dto);
}
