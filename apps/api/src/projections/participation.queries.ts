import { HttpStatus, Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { participationProjection } from '../../../../libs/projections/src/participation/participation.projection';
import { ParticipationQueries } from '../../../../libs/projections/src/participation/participation.queries';
import { ProjectionManager } from '../../../../libs/projections/src/projection-manager';
import { ReadModelStore } from '../../../../libs/projections/src/read-model.port';
import { LedgerHttpError } from '../http/error-body';
import { READ_MODELS } from '../ledger.providers';

/**
 * A question to the participation read model. `ask` answers undefined when what it names is not
 * in the read model; `missing` says which field named it, and with which status to answer.
 */
export class AskParticipation<Answer> {
  constructor(
    readonly ask: (queries: ParticipationQueries) => Promise<Answer | undefined>,
    readonly missing: { field: string; what: string; status: HttpStatus.NOT_FOUND | HttpStatus.UNPROCESSABLE_ENTITY },
  ) {}
}

/** Answers from the generation of the participation read model that serves now. */
@QueryHandler(AskParticipation)
export class AskParticipationHandler implements IQueryHandler<AskParticipation<unknown>> {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModelStore,
    private readonly projections: ProjectionManager,
  ) {}

  async execute({ ask, missing }: AskParticipation<unknown>): Promise<unknown> {
    const namespace = this.projections.namespace(participationProjection.name);
    const answer = await ask(new ParticipationQueries((sql, params) => this.readModels.query(namespace, sql, params)));
    if (answer === undefined) {
      throw new LedgerHttpError(missing.status, `${missing.what} is not in the read model (unknown, or not projected yet)`, [
        { field: missing.field, rule: 'exists' },
      ]);
    }
    return answer;
  }
}
