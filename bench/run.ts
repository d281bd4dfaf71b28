import { cpus } from 'node:os';
import { runHttpBench } from './http.bench';
import { runProjectionBench } from './projection.bench';
import { Figure, failed, info, printTable, targetRatio, writeResults } from './report';
import { runStoreBench } from './store.bench';

/**
 * `npm run bench`: store appends, HTTP commands and projection catch-up, each against a baseline
 * measured in the same run. Prints a table and writes bench/results/latest.json. A missed target
 * is a FAIL line, not an exception: the process exits 0 once everything is closed.
 */
async function main(): Promise<void> {
  const started = Date.now();
  const log = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${line}`);
  log(`activity-ledger bench: node ${process.version}, ${cpus().length} cores`);
  const figures: Figure[] = [];
  const details: Record<string, unknown> = {};

  log('1/3 store: durable appends through the port vs raw better-sqlite3 (WAL, synchronous=FULL, 1 tx per row)');
  try {
    const store = await runStoreBench(log);
    details.store = store;
    const durable = store.synchronous.store === 2 && store.synchronous.baseline === 2;
    const note = durable ? undefined : `synchronous is not FULL: ${JSON.stringify(store.synchronous)}`;
    log(`  store: values are medians over the rounds; ratios are medians of the ratios within each round`);
    figures.push(
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
    );
  } catch (error) {
    log(`!! store bench failed: ${String(error)}`);
    figures.push(failed('Store appends/s', error));
  }

  log('2/3 http: POST /meals vs POST /bench/noop, same app and pipeline, 32 connections, 5 s runs in ABBA order');
  try {
    const http = await runHttpBench(log);
    details.http = http;
    const { command, noop } = http;
    const problems = [...noop.problems.map((p) => `no-op: ${p}`), ...command.problems.map((p) => `command: ${p}`)];
    log(
      `  http: ${command.requests} commands in ${command.seconds.toFixed(1)} s vs ${noop.requests} no-ops in ${noop.seconds.toFixed(1)} s; ` +
        `latencies are means over the ${command.runs.length} runs of each`,
    );
    figures.push(
      targetRatio({
        figure: `HTTP POST /meals req/s, ${http.connections} connections`,
        value: command.perSecond,
        unit: 'req/s',
        baseline: noop.perSecond,
        baselineLabel: 'no-op',
        min: 0.5,
        ok: problems.length === 0,
        note: problems.length > 0 ? problems.join('; ') : undefined,
      }),
      info('HTTP POST /meals latency p50', command.latencyMs.p50, 'ms', noop.latencyMs.p50, 'no-op'),
      info('HTTP POST /meals latency p99', command.latencyMs.p99, 'ms', noop.latencyMs.p99, 'no-op'),
    );
  } catch (error) {
    log(`!! http bench failed: ${String(error)}`);
    figures.push(failed('HTTP POST /meals req/s', error));
  }

  log('3/3 projection: participation catch-up over 100,000 events from position 0, 3 rounds, against a raw replay');
  try {
    const projection = await runProjectionBench(log);
    details.projection = projection;
    figures.push({
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
    });
    figures.push({
      figure: 'Projection figures match the generated data',
      value: null,
      unit: '',
      baseline: null,
      baselineLabel: '',
      ratio: null,
      target: `${Object.keys(projection.expected).length} checks`,
      result: projection.verified ? 'PASS' : 'FAIL',
      note:
        `in every round: attendances ${projection.expected.attendances}, sessions ${projection.expected.courseSessions}, ` +
        `distinct participants ${projection.expected.distinctParticipants}, meals ${projection.expected.meals}, and each district's subtree`,
    });
  } catch (error) {
    log(`!! projection bench failed: ${String(error)}`);
    figures.push(failed('Projection catch-up', error));
  }

  console.log('');
  printTable(figures, (line) => console.log(line));
  const file = writeResults(figures, details);
  console.log('');
  log(`results written to ${file}`);
}

main()
  .catch((error) => {
    console.error('bench crashed', error);
    process.exitCode = 1;
  })
  .finally(() => {
    // Everything is closed by now, so the process ends by itself; should a handle leak, say which
    // and end anyway rather than hang.
    setTimeout(() => {
      console.error('bench: handles still open after the run:', process.getActiveResourcesInfo());
      process.exit(process.exitCode ?? 0);
    }, 5_000).unref();
  });
