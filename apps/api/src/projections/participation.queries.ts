import { HttpStatus, Inject } from '@nestjs/common';
import { IQueryBus, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EventStore } from '../../../../libs/event-store/src/event-store.port';
import { positionAt } from '../../../../libs/event-store/src/position';
import { AsOf } from '../../../../libs/projections/src/as-of';
import { participationProjection } from '../../../../libs/projections/src/participation/participation.projection';
import { ParticipationQueries } from '../../../../libs/projections/src/participation/participation.queries';
import { ProjectionManager } from '../../../../libs/projections/src/projection-manager';
import { ReadModelStore } from '../../../../libs/projections/src/read-model.port';
import { LedgerHttpError } from '../http/error-body';
import { EVENT_STORE, READ_MODELS } from '../ledger.providers';
import { AsOfReadModels } from './as-of';
import { explainFromLog, ExplainRequest, Explanation } from './explain';

/**
 * A question to the participation read model. `ask` answers undefined when what it names is not
 * in the read model; `missing` says which field named it, and with which status to answer.
 * With `asOf`, the question is answered as the ledger stood then. With `explain`, the answer comes
 * with the events it was counted from; what to explain may depend on the answer (the measures a
 * target was set for).
 */
export class AskParticipation<Answer> {
  constructor(
    readonly ask: (queries: ParticipationQueries) => Promise<Answer | undefined>,
    readonly missing: { field: string; what: string; status: HttpStatus.NOT_FOUND | HttpStatus.UNPROCESSABLE_ENTITY },
    readonly asOf?: AsOf,
    readonly explain?: (answer: Answer) => ExplainRequest,
  ) {}
}

/** An organisation named in the query string (`field`) that the read model does not know: 422. */
export const queriedOrganization = (organizationId: string | undefined, field = 'organizationId'): AskParticipation<unknown>['missing'] => ({
  field,
  what: `organisation ${organizationId}`,
  status: HttpStatus.UNPROCESSABLE_ENTITY,
});

/** The current answer to a question asked without asOf or explain: the listings behind the web app's pickers. */
export async function askNow<Answer>(
  queries: IQueryBus,
  ask: AskParticipation<Answer>['ask'],
  missing: AskParticipation<Answer>['missing'],
): Promise<Answer> {
  const { answer } = await queries.execute<AskParticipation<Answer>, ParticipationAnswer<Answer>>(new AskParticipation(ask, missing));
  return answer;
}

/** The answer, and for an as-of question the position of the last event it was computed from. */
export interface ParticipationAnswer<Answer> {
  readonly answer: Answer;
  readonly asOfPosition?: string;
  readonly explanation?: Explanation;
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
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ ask, missing, asOf, explain }: AskParticipation<unknown>): Promise<ParticipationAnswer<unknown>> {
    if (explain) return this.explained(ask, missing, asOf, explain);
    if (asOf) {
      const { answer, position } = await this.asOfReadModels.use(asOf, (replayed) => ask(new ParticipationQueries(replayed.query)));
      return { answer: found(answer, missing), asOfPosition: position };
    }
    const namespace = this.projections.namespace(participationProjection.name);
    const answer = await ask(new ParticipationQueries((sql, params) => this.readModels.query(namespace, sql, params)));
    return { answer: found(answer, missing) };
  }

  /**
   * The answer and its events from one replay of one prefix of the log, so that they cannot
   * disagree: up to `asOf`, or up to where the serving read model stands, which gives the answer it
   * gives (the live tables cannot be read at one fixed position while the projection writes).
   */
  private async explained(
    ask: AskParticipation<unknown>['ask'],
    missing: AskParticipation<unknown>['missing'],
    asOf: AsOf | undefined,
    explain: (answer: unknown) => ExplainRequest,
  ): Promise<ParticipationAnswer<unknown>> {
    const serving = this.projections.namespace(participationProjection.name);
    const cutoff = asOf ?? { position: (await this.readModels.checkpoint(serving)) ?? positionAt(0n) };
    const { answer, position } = await this.asOfReadModels.use(cutoff, async (replayed) => {
      const counted = await ask(new ParticipationQueries(replayed.query));
      if (counted === undefined) return { counted, explanation: undefined };
      return { counted, explanation: await explainFromLog(this.store, replayed.query, explain(counted), replayed.position) };
    });
    return { answer: found(answer.counted, missing), asOfPosition: asOf && position, explanation: answer.explanation };
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
