import { CourseSessionRow, courseSessions } from './course-sessions.query';
import { brandSummary, BrandSummary, CourseRow, courses } from './courses.query';
import { frequency, Frequency } from './frequency.query';
import { MealRow, mealServings } from './meals.query';
import { OrganizationNode, organizationTree } from './organization-tree.query';
import { organizationSummary, OrganizationSummary } from './organization-summary.query';
import { GroupBy, organizationExists, QueryRunner, ScopeFilter } from './scope';
import { cooling, CoolingFigures, programme, ProgrammeFigures, TripFigures, trips } from './services.query';
import { targetProgress, TargetProgress } from './targets.query';

export type {
  BrandSummary,
  CourseRow,
  CourseSessionRow,
  CoolingFigures,
  Frequency,
  MealRow,
  OrganizationNode,
  OrganizationSummary,
  ProgrammeFigures,
  TargetProgress,
  TripFigures,
};
export type { GroupBy, QueryRunner, ScopeFilter, Tree } from './scope';

export type ParticipationFilter = ScopeFilter & { regularMin: number; groupBy?: GroupBy };

/**
 * Every question the participation read model answers. Each answer is undefined when the
 * organisation (or brand) asked about is not in the read model.
 */
export class ParticipationQueries {
  constructor(private readonly run: QueryRunner) {}

  async organizationSummary(filter: ParticipationFilter & { organizationId: string }): Promise<OrganizationSummary | undefined> {
    return (await this.known(filter)) ? organizationSummary(this.run, filter) : undefined;
  }

  async courses(filter: ParticipationFilter): Promise<CourseRow[] | undefined> {
    return (await this.known(filter)) ? courses(this.run, filter) : undefined;
  }

  async brand(brandId: string, filter: ParticipationFilter): Promise<BrandSummary | undefined> {
    return (await this.known(filter)) ? brandSummary(this.run, brandId, filter) : undefined;
  }

  async frequency(filter: ScopeFilter & { courseId?: string; brandId?: string }): Promise<Frequency | undefined> {
    return (await this.known(filter)) ? frequency(this.run, filter) : undefined;
  }

  async trips(filter: ScopeFilter): Promise<TripFigures | undefined> {
    return (await this.known(filter)) ? trips(this.run, filter) : undefined;
  }

  async cooling(filter: ScopeFilter): Promise<CoolingFigures | undefined> {
    return (await this.known(filter)) ? cooling(this.run, filter) : undefined;
  }

  async programme(filter: ScopeFilter & { intakeId?: string }): Promise<ProgrammeFigures | undefined> {
    return (await this.known(filter)) ? programme(this.run, filter) : undefined;
  }

  async targets(filter: ParticipationFilter & { organizationId: string; year: string }): Promise<TargetProgress[] | undefined> {
    return (await this.known(filter)) ? targetProgress(this.run, filter) : undefined;
  }

  /** Today's tree, the whole of it or under one organisation (inclusive). */
  async organizationTree(under?: string): Promise<OrganizationNode[] | undefined> {
    return (await this.known({ organizationId: under })) ? organizationTree(this.run, under) : undefined;
  }

  async courseSessions(courseId: string, period: Pick<ScopeFilter, 'from' | 'to'>): Promise<CourseSessionRow[] | undefined> {
    return courseSessions(this.run, courseId, period);
  }

  async mealServings(filter: ScopeFilter): Promise<MealRow[] | undefined> {
    return (await this.known(filter)) ? mealServings(this.run, filter) : undefined;
  }

  private async known(filter: { organizationId?: string }): Promise<boolean> {
    return filter.organizationId === undefined || organizationExists(this.run, filter.organizationId);
  }
}
