import { ParticipationQueries } from '../libs/projections/src/participation/participation.queries';
import { ReadModelStore } from '../libs/projections/src/read-model.port';
import { median, nowMs, percentile } from './support';

/**
 * Query latency: what GET /projections/organizations/:id asks of the read model (the
 * ParticipationQueries facade, with the route's default filter), over the read models a catch-up
 * just built from the 100,000-event log, one query at a time, on each backend.
 *
 * Every organisation of the tree is asked about in turn (a dashboard clicking through them), so
 * the spread runs from a grassroots union's few rows to the federation's whole tree.
 * The backends take turns query by query, the same organisation on each, so that a drift in the
 * machine's speed weighs on both alike.
 */
export interface QueryLatency {
  readonly queries: number;
  /** Organisations whose summary differed from the first backend's (the same log, so there should be none). */
  readonly differing: string[];
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly meanMs: number;
  readonly maxMs: number;
}

/** Asked once on each backend before the clock starts (the first are the federation and districts, the heaviest). */
const WARM_UP = 10;
/**
 * Measured queries: one pass over the whole tree at least, two at most, and no new one once this
 * much time has gone (a pass is some 15 s on this machine for both backends together).
 */
const BUDGET_MS = 25_000;

export async function measureQueryLatency(
  readModels: Readonly<Record<string, ReadModelStore>>,
  namespace: string,
  organizationIds: readonly string[],
): Promise<Record<string, QueryLatency>> {
  const backends = Object.entries(readModels).map(([name, store]) => ({
    name,
    queries: new ParticipationQueries((sql, params) => store.query(namespace, sql, params)),
    samples: [] as number[],
    differing: [] as string[],
  }));
  const ask = async (i: number, measured: boolean) => {
    const organizationId = organizationIds[i % organizationIds.length];
    // Alternate which backend goes first, so that neither always runs right after the other.
    const order = i % 2 === 0 ? backends : [...backends].reverse();
    const answers = new Map<string, string>();
    for (const backend of order) {
      const start = nowMs();
      const summary = await backend.queries.organizationSummary({ organizationId, subtree: true, tree: 'dated', regularMin: 4 });
      const ms = nowMs() - start;
      if (!summary) throw new Error(`${backend.name}: no summary for ${organizationId}`);
      if (measured) backend.samples.push(ms);
      answers.set(backend.name, JSON.stringify(summary));
    }
    // The same log on every backend, so the same answer, field for field: a cheap check that all did the work.
    for (const backend of backends.slice(1)) {
      if (answers.get(backend.name) !== answers.get(backends[0].name) && !backend.differing.includes(organizationId)) {
        backend.differing.push(organizationId);
      }
    }
  };

  for (let i = 0; i < WARM_UP; i++) await ask(i, false);
  const started = nowMs();
  for (let i = 0; i < 2 * organizationIds.length && (i < organizationIds.length || nowMs() - started < BUDGET_MS); i++) await ask(i, true);
  return Object.fromEntries(
    backends.map(({ name, samples, differing }) => [
      name,
      {
        queries: samples.length,
        differing,
        p50Ms: median(samples),
        p99Ms: percentile(samples, 99),
        meanMs: samples.reduce((sum, ms) => sum + ms, 0) / samples.length,
        maxMs: Math.max(...samples),
      },
    ]),
  );
}
