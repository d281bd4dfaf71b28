import { HttpStatus, Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { AsOf } from '../../../../libs/projections/src/as-of';
import { participationProjection } from '../../../../libs/projections/src/participation/participation.projection';
import { ParticipationQueries } from '../../../../libs/projections/src/participation/participation.queries';
import { ProjectionManager } from '../../../../libs/projections/src/projection-manager';
import { ReadModelStore } from '../../../../libs/projections/src/read-model.port';
import { LedgerHttpError } from '../http/error-body';
import { READ_MODELS } from '../ledger.providers';
import { AsOfReadModels } from './as-of';

/**
 * A question to the participation read model. `ask` answers undefined when what it names is not
 * in the read model; `missing` says which field named it, and with which status to answer.
 * With `asOf`, the question is answered as the ledger stood then.
 */
export class AskParticipation<Answer> {
  constructor(
    readonly ask: (queries: ParticipationQueries) => Promise<Answer | undefined>,
    readonly missing: { field: string; what: string; status: HttpStatus.NOT_FOUND | HttpStatus.UNPROCESSABLE_ENTITY },
    readonly asOf?: AsOf,
  ) {}
}

/** The answer, and for an as-of question the position of the last event it was computed from. */
export interface ParticipationAnswer<Answer> {
  readonly answer: Answer;
  readonly asOfPosition?: string;
}

/**
 * Answers from the generation of the participation read model that serves now, or, as of a point
 * of the log, from a replay of the events up to it.
 */
@QueryHandler(AskParticipation)
export class AskParticipationHandler implements IQueryHandler<AskParticipation<unknown>> {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModelStore,
    private readonly projections: ProjectionManager,
    private readonly asOfReadModels: AsOfReadModels,
  ) {}

  async execute({ ask, missing, asOf }: AskParticipation<unknown>): Promise<ParticipationAnswer<unknown>> {
    if (asOf) {
      const { answer, position } = await this.asOfReadModels.use(asOf, (replayed) => ask(new ParticipationQueries(replayed.query)));
      return { answer: found(answer, missing), asOfPosition: position };
    }
    const namespace = this.projections.namespace(participationProjection.name);
    const answer = await ask(new ParticipationQueries((sql, params) => this.readModels.query(namespace, sql, params)));
    return { answer: found(answer, missing) };
  }
}

function found<Answer>(answer: Answer | undefined, missing: AskParticipation<Answer>['missing']): Answer {
  if (answer === undefined) {
    throw new LedgerHttpError(missing.status, `${missing.what} is not in the read model (unknown, or not projected yet)`, [
      { field: missing.field, rule: 'exists' },
    ]);
  }
  return answer;
}
