import { scannedCourses } from '../../libs/projections/src/participation/courses.query';
import { scannedOrganizationSummary } from '../../libs/projections/src/participation/organization-summary.query';
import { ParticipationQueries } from '../../libs/projections/src/participation/participation.queries';
import { QueryRunner } from '../../libs/projections/src/participation/scope';
import { ReadModelStore } from '../../libs/projections/src/read-model.port';
import { median, nowMs, percentile } from '../support';
import { CityExpected, CityShape, REGULAR_MIN } from './city-generator';

/**
 * Query latency on the caught-up read model, through ParticipationQueries (what the API's
 * /projections routes call), with the routes' defaults (subtree, dated tree, regularMin 4): the
 * organisation summary at the federation, at the district with most streets and at that
 * district's largest street, each for 2024 and for June 2024, and the course list of that district
 * for 2024. One query at a time; each kind is asked once to warm up, then again and again until
 * it has MAX_SAMPLES or its BUDGET_MS is spent (but at least MIN_SAMPLES): p50 and p99 are
 * nearest-rank over those samples, so with few samples the p99 is the slowest one.
 *
 * Each kind is also answered by counting the fact rows (what every query did before the roll-ups):
 * the answer must be the same, and its latency is the baseline of the same run.
 *
 * Then the sanity check: the federation's 2024 summary against the generator's own count, and
 * each district's 2024 attendances (over the dated tree, so the moves count) likewise.
 */

export interface QueryTiming {
  readonly query: string;
  readonly samples: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly meanMs: number;
  readonly maxMs: number;
  /** What the answer held: a figure to see that it did the work (attendances, or courses listed). */
  readonly answer: string;
  /** The same question counted from the fact rows: its latency, and whether it answered the same. */
  readonly scanned: { readonly samples: number; readonly p50Ms: number; readonly p99Ms: number; readonly sameAnswer: boolean };
}

export interface SanityCheck {
  readonly checked: number;
  readonly mismatches: string[];
  readonly compared: Record<string, { readonly readModel: number | undefined; readonly generator: number }>;
}

const MIN_SAMPLES = 5;
/** Up to 2,000 within the budget: the p99 of 200 samples is their second slowest, a coin toss for answers of 0.1 ms. */
const MAX_SAMPLES = 2_000;
const BUDGET_MS = 10_000;
/** Counting the fact rows is slow at scale: fewer samples. */
const SCANNED = { min: 3, max: 20, budgetMs: 8_000 };
export const YEAR = { from: '2024-01-01', to: '2024-12-31' };
const MONTH = { from: '2024-06-01', to: '2024-06-30' };

export async function measureQueries(
  readModels: ReadModelStore,
  namespace: string,
  shape: CityShape,
  log: (line: string) => void,
): Promise<QueryTiming[]> {
  const run: QueryRunner = (sql, params) => readModels.query(namespace, sql, params);
  const queries = new ParticipationQueries(run);
  const summary = (organizationId: string, period: { from: string; to: string }) => {
    const filter = { organizationId, subtree: true, tree: 'dated' as const, regularMin: REGULAR_MIN, ...period };
    return {
      run: async () => {
        const figures = await queries.organizationSummary(filter);
        if (!figures) throw new Error(`no summary for ${organizationId}`);
        return { shown: `${figures.attendances.toLocaleString('en-US')} attendances`, json: JSON.stringify(figures) };
      },
      scanned: async () => JSON.stringify(await scannedOrganizationSummary(run, filter)),
    };
  };
  const courseFilter = { organizationId: shape.sampleDistrict, subtree: true, tree: 'dated' as const, regularMin: REGULAR_MIN, ...YEAR };
  const kinds: Array<{ query: string; run: () => Promise<{ shown: string; json: string }>; scanned: () => Promise<string> }> = [
    { query: `summary ${shape.federation} (federation) 2024`, ...summary(shape.federation, YEAR) },
    { query: `summary ${shape.federation} (federation) 2024-06`, ...summary(shape.federation, MONTH) },
    { query: `summary ${shape.sampleDistrict} (district) 2024`, ...summary(shape.sampleDistrict, YEAR) },
    { query: `summary ${shape.sampleDistrict} (district) 2024-06`, ...summary(shape.sampleDistrict, MONTH) },
    { query: `summary ${shape.sampleStreet} (street) 2024`, ...summary(shape.sampleStreet, YEAR) },
    { query: `summary ${shape.sampleStreet} (street) 2024-06`, ...summary(shape.sampleStreet, MONTH) },
    {
      query: `courses ${shape.sampleDistrict} (district) 2024`,
      run: async () => {
        const rows = await queries.courses(courseFilter);
        if (!rows) throw new Error(`no course list for ${shape.sampleDistrict}`);
        return { shown: `${rows.length} courses`, json: JSON.stringify(rows) };
      },
      scanned: async () => JSON.stringify(await scannedCourses(run, courseFilter)),
    },
  ];
  const timings: QueryTiming[] = [];
  for (const { query, run: ask, scanned } of kinds) {
    const { shown: answer, json } = await ask(); // warm-up
    const samples = await sampled(ask, { min: MIN_SAMPLES, max: MAX_SAMPLES, budgetMs: BUDGET_MS });
    const scannedAnswer = await scanned();
    const scannedSamples = await sampled(scanned, SCANNED);
    const timing = {
      query,
      samples: samples.length,
      p50Ms: median(samples),
      p99Ms: percentile(samples, 99),
      meanMs: samples.reduce((a, b) => a + b, 0) / samples.length,
      maxMs: samples.reduce((a, b) => Math.max(a, b), 0),
      answer,
      scanned: { samples: scannedSamples.length, p50Ms: median(scannedSamples), p99Ms: percentile(scannedSamples, 99), sameAnswer: scannedAnswer === json },
    };
    timings.push(timing);
    log(
      `  ${query}: p50 ${timing.p50Ms.toFixed(1)} ms, p99 ${timing.p99Ms.toFixed(1)} ms over ${samples.length} (${answer}); ` +
        `from the fact rows p50 ${timing.scanned.p50Ms.toFixed(1)} ms, ${timing.scanned.sameAnswer ? 'the same answer' : 'A DIFFERENT ANSWER'}`,
    );
  }
  return timings;
}

/** Milliseconds per call: at least `min` calls, at most `max`, and no new one once `budgetMs` is spent. */
async function sampled(ask: () => Promise<unknown>, limits: { min: number; max: number; budgetMs: number }): Promise<number[]> {
  const samples: number[] = [];
  const started = nowMs();
  while (samples.length < limits.max && (samples.length < limits.min || nowMs() - started < limits.budgetMs)) {
    const start = nowMs();
    await ask();
    samples.push(nowMs() - start);
  }
  return samples;
}

export async function sanityCheck(readModels: ReadModelStore, namespace: string, shape: CityShape, expected: CityExpected): Promise<SanityCheck> {
  const queries = new ParticipationQueries((sql, params) => readModels.query(namespace, sql, params));
  const compared: Record<string, { readModel: number | undefined; generator: number }> = {};
  const compare = (what: string, readModel: number | undefined, generator: number) => (compared[what] = { readModel, generator });
  const count = async (table: string) => Number((await readModels.query<{ n: number }>(namespace, `SELECT count(*) AS n FROM ${table}`, []))[0].n);

  compare('organizations', await count('organizations'), expected.organizations);
  compare('courses', await count('courses'), expected.courses);
  const root = await queries.organizationSummary({ organizationId: shape.federation, subtree: true, tree: 'dated', regularMin: REGULAR_MIN, ...YEAR });
  const figures = [
    'courseSessions', 'attendances', 'distinctParticipants', 'regulars', 'clinics', 'workersServed', 'mealServings', 'meals',
    'membersJoined', 'trips', 'tripParticipants', 'tripDistinctParticipants', 'coolingDeliveries',
  ] as const;
  for (const figure of figures) compare(`${shape.federation} 2024 ${figure}`, root?.[figure], expected[figure]);
  for (const [district, attendances] of Object.entries(expected.attendancesByDistrict)) {
    const summary = await queries.organizationSummary({ organizationId: district, subtree: true, tree: 'dated', regularMin: REGULAR_MIN, ...YEAR });
    compare(`${district} 2024 attendances (dated tree)`, summary?.attendances, attendances);
  }
  const mismatches = Object.entries(compared)
    .filter(([, { readModel, generator }]) => readModel !== generator)
    .map(([what, { readModel, generator }]) => `${what}: read model ${readModel}, generator ${generator}`);
  return { checked: Object.keys(compared).length, mismatches, compared };
}
