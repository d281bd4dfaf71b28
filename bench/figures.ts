import type { HttpResults } from './http.bench';
import type { BackendResults, ProjectionResults } from './projection.bench';
import { Figure, info, targetRatio } from './report';
import type { StoreResults } from './store.bench';

/** The lines of the final table, section by section, from each section's results. */

export function storeFigures(store: StoreResults): Figure[] {
  const durable = store.synchronous.store === 2 && store.synchronous.baseline === 2;
  const note = durable ? undefined : `synchronous is not FULL: ${JSON.stringify(store.synchronous)}`;
  return [
    targetRatio({
      figure: 'Store appends/s, sequential (await each)',
      value: store.sequentialPerSecond,
      unit: '/s',
      baseline: store.baselinePerSecond,
      baselineLabel: 'raw',
      min: 0.8,
      ratio: store.sequentialRatio,
      ok: durable,
      note,
    }),
    targetRatio({
      figure: `Store appends/s, ${store.concurrency} concurrent callers`,
      value: store.concurrentPerSecond,
      unit: '/s',
      baseline: store.baselinePerSecond,
      baselineLabel: 'raw',
      min: 5,
      ratio: store.concurrentRatio,
      ok: durable,
      note,
    }),
  ];
}

/**
 * POST /meals against the no-op route of the same server. `suffix` names the profile in the figure
 * (empty for the embedded one, whose figure names predate the production profile's).
 */
export function httpFigures(http: HttpResults, suffix = '', extraNote?: string): Figure[] {
  const { command, noop } = http;
  const problems = [...noop.problems.map((p) => `no-op: ${p}`), ...command.problems.map((p) => `command: ${p}`)];
  const notes = [...problems, ...(extraNote ? [extraNote] : [])];
  return [
    targetRatio({
      figure: `HTTP POST /meals req/s, ${http.connections} connections${suffix}`,
      value: command.perSecond,
      unit: 'req/s',
      baseline: noop.perSecond,
      baselineLabel: 'no-op',
      min: 0.5,
      ok: problems.length === 0,
      note: notes.length > 0 ? notes.join('; ') : undefined,
    }),
    info(`HTTP POST /meals latency p50${suffix}`, command.latencyMs.p50, 'ms', noop.latencyMs.p50, 'no-op'),
    info(`HTTP POST /meals latency p99${suffix}`, command.latencyMs.p99, 'ms', noop.latencyMs.p99, 'no-op'),
  ];
}

const PG_HTTP_SUFFIX = ', read models on PostgreSQL';

/** The production profile's read side: its own ratio to its no-op, then its commands against the embedded ones. */
export function postgresHttpFigures(http: HttpResults, embedded: HttpResults | undefined): Figure[] {
  const figures = httpFigures(http, PG_HTTP_SUFFIX, 'every request (both routes) carries a new Idempotency-Key, kept in PostgreSQL; the log is on SQLite');
  if (embedded) {
    figures.push({
      ...info(`HTTP POST /meals req/s${PG_HTTP_SUFFIX} vs embedded`, http.command.perSecond, 'req/s', embedded.command.perSecond, 'embedded'),
      note:
        'two servers measured one after the other, not interleaved; the PostgreSQL requests carry Idempotency-Keys, ' +
        'the embedded ones none, so the difference is the production read side as a client with keys meets it',
    });
  }
  return figures;
}

export function projectionFigures(projection: ProjectionResults): Figure[] {
  return [
    {
      figure: `Projection catch-up, ${projection.events.toLocaleString('en-US')} events`,
      value: projection.eventsPerSecond,
      unit: 'events/s',
      baseline: projection.rawEventsPerSecond,
      baselineLabel: 'raw replay',
      ratio: projection.ratioToRaw,
      target: '≥ 50,000 events/s',
      result: projection.eventsPerSecond >= 50_000 && projection.verified ? 'PASS' : 'FAIL',
      note: projection.verified
        ? 'the target is absolute; the raw-replay ratio is for reference (same SQL, no runner)'
        : 'figures wrong: ' + projection.mismatches.join('; '),
    },
    verification('Projection figures match the generated data', projection, projection),
  ];
}

/**
 * The same 100,000-event catch-up onto PostgreSQL: against the SQLite catch-up of the same rounds,
 * against a raw replay with plain pg, then the query latencies of both read models. No PASS/FAIL on
 * speed: the 50,000 events/s target is the embedded profile's.
 */
export function postgresProjectionFigures(projection: ProjectionResults, postgres: BackendResults & { ratioToSqlite: number }): Figure[] {
  const events = projection.events.toLocaleString('en-US');
  const figures: Figure[] = [
    {
      ...info(`Projection catch-up onto PostgreSQL, ${events} events`, postgres.eventsPerSecond, 'events/s', projection.eventsPerSecond, 'SQLite'),
      ratio: postgres.ratioToSqlite,
      note:
        'the ≥ 50,000 events/s target is the embedded profile\'s, not applied here; the ratio is to the SQLite catch-up ' +
        '(median of the per-round ratios, the two measured in the same rounds)',
    },
    {
      ...info(`Projection catch-up onto PostgreSQL vs raw pg`, postgres.eventsPerSecond, 'events/s', postgres.rawEventsPerSecond, 'raw pg'),
      ratio: postgres.ratioToRaw,
      note: 'raw pg: the same statements with plain pg, pipelined, 1 transaction per 1,000 events, no runner or store (raw-replay.ts)',
    },
  ];
  const latency = projection.queryLatency;
  figures.push(
    verification('Projection figures match the generated data (PostgreSQL)', postgres, projection, latency?.PostgreSQL && {
      differing: latency.PostgreSQL.differing,
      asked: 'the summary of every organisation of the tree equals the SQLite one, field for field',
    }),
  );
  if (latency?.PostgreSQL && latency.SQLite) {
    const { PostgreSQL: pg, SQLite: sqlite } = latency;
    figures.push(
      {
        ...info('Query organisation summary p50, PostgreSQL', pg.p50Ms, 'ms', sqlite.p50Ms, 'SQLite'),
        note:
          `GET /projections/organizations/:id's query (ParticipationQueries, default filter) over the read model of the last round, ` +
          `every organisation of the tree in turn, ${pg.queries} queries on each read model, taking turns`,
      },
      info('Query organisation summary p99, PostgreSQL', pg.p99Ms, 'ms', sqlite.p99Ms, 'SQLite'),
    );
  }
  return figures;
}

/** `compared`: the query-latency bench's comparison of every organisation's summary with SQLite's. */
function verification(
  figure: string,
  results: BackendResults,
  projection: ProjectionResults,
  compared?: { differing: readonly string[]; asked: string },
): Figure {
  const { expected } = projection;
  const differing = compared?.differing ?? [];
  const ok = results.verified && differing.length === 0;
  const problems = [
    ...results.mismatches,
    ...(differing.length > 0 ? [`organisation summaries differ from SQLite's for ${differing.join(', ')}`] : []),
  ];
  return {
    figure,
    value: null,
    unit: '',
    baseline: null,
    baselineLabel: '',
    ratio: null,
    target: `${Object.keys(expected).length} checks`,
    result: ok ? 'PASS' : 'FAIL',
    note: ok
      ? `in every round: attendances ${expected.attendances}, sessions ${expected.courseSessions}, ` +
        `distinct participants ${expected.distinctParticipants}, meals ${expected.meals}, and each district's subtree` +
        (compared ? `; and ${compared.asked}` : '')
      : 'figures wrong: ' + problems.join('; '),
  };
}
