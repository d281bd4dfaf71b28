import { HttpStatus } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Inject } from '@nestjs/common';
import {
  CourseRow,
  OrganizationSummary,
  ParticipationFilter,
  ParticipationQueries,
} from '../../../../libs/projections/src/participation/participation.queries';
import { participationProjection } from '../../../../libs/projections/src/participation/participation.projection';
import { ProjectionManager } from '../../../../libs/projections/src/projection-manager';
import { ReadModelStore } from '../../../../libs/projections/src/read-model.port';
import { LedgerHttpError } from '../http/error-body';
import { READ_MODELS } from '../ledger.providers';

export class GetCourseFigures {
  constructor(readonly filter: ParticipationFilter) {}
}

export class GetOrganizationSummary {
  constructor(readonly filter: ParticipationFilter & { organizationId: string }) {}
}

/** Queries the generation of the participation read model that serves now. */
abstract class ParticipationQueryHandler {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModelStore,
    private readonly projections: ProjectionManager,
  ) {}

  protected queries(): ParticipationQueries {
    const namespace = this.projections.namespace(participationProjection.name);
    return new ParticipationQueries((sql, params) => this.readModels.query(namespace, sql, params));
  }
}

@QueryHandler(GetCourseFigures)
export class GetCourseFiguresHandler extends ParticipationQueryHandler implements IQueryHandler<GetCourseFigures, CourseRow[]> {
  async execute({ filter }: GetCourseFigures): Promise<CourseRow[]> {
    const rows = await this.queries().courses(filter);
    if (!rows) throw unknownOrganization('organizationId', filter.organizationId!, HttpStatus.UNPROCESSABLE_ENTITY);
    return rows;
  }
}

@QueryHandler(GetOrganizationSummary)
export class GetOrganizationSummaryHandler
  extends ParticipationQueryHandler
  implements IQueryHandler<GetOrganizationSummary, OrganizationSummary>
{
  async execute({ filter }: GetOrganizationSummary): Promise<OrganizationSummary> {
    const summary = await this.queries().organizationSummary(filter);
    if (!summary) throw unknownOrganization('id', filter.organizationId, HttpStatus.NOT_FOUND);
    return summary;
  }
}

function unknownOrganization(field: string, organizationId: string, status: HttpStatus): LedgerHttpError {
  return new LedgerHttpError(status, `organisation ${organizationId} is not in the read model (unknown, or not projected yet)`, [
    { field, rule: 'exists' },
  ]);
}
