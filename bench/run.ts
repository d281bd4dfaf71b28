import { cpus } from 'node:os';
import { httpFigures, postgresHttpFigures, postgresProjectionFigures, projectionFigures, storeFigures } from './figures';
import { HttpResults, runHttpBench } from './http.bench';
import { postgresForBench, withThrowawayDatabase } from './postgres';
import { runProjectionBench } from './projection.bench';
import { errorText, Figure, failed, printTable, writeResults } from './report';
import { runStoreBench } from './store.bench';

/**
 * `npm run bench`: store appends, HTTP commands and projection catch-up, each against a baseline
 * measured in the same run, on the embedded profile and, when DATABASE_URL names a PostgreSQL
 * server, on the production profile's read side (read models and idempotency keys on PostgreSQL,
 * in throwaway databases; the log stays on SQLite, since the EventStoreDB test server is no speed
 * reference). Prints a table and writes bench/results/latest.json. A missed target is a FAIL line,
 * not an exception: the process exits 0 once everything is closed.
 */

/** One part of the bench: what it measures, and the table lines its results make. */
interface Section {
  readonly title: string;
  /** Its results' key in the JSON details. */
  readonly key: string;
  /** The figure that says FAIL if the section throws. */
  readonly failure: string;
  run(): Promise<Figure[]>;
}

async function main(): Promise<void> {
  const started = Date.now();
  const log = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${line}`);
  log(`activity-ledger bench: node ${process.version}, ${cpus().length} cores`);
  const figures: Figure[] = [];
  const details: Record<string, unknown> = {};

  const postgres = await postgresForBench();
  details.postgres = postgres;
  if (postgres.available) log(`PostgreSQL ${postgres.serverVersion} at DATABASE_URL: production-profile read side measured in throwaway databases`);
  else log(`PostgreSQL figures skipped: ${postgres.reason}`);

  let embeddedHttp: HttpResults | undefined;
  const sections: Section[] = [
    {
      title: 'store: durable appends through the port vs raw better-sqlite3 (WAL, synchronous=FULL, 1 tx per row)',
      key: 'store',
      failure: 'Store appends/s',
      run: async () => {
        const store = await runStoreBench(log);
        details.store = store;
        log(`  store: values are medians over the rounds; ratios are medians of the ratios within each round`);
        return storeFigures(store);
      },
    },
    {
      title: 'http: POST /meals vs POST /bench/noop, same app and pipeline, 32 connections, 5 s runs in ABBA order',
      key: 'http',
      failure: 'HTTP POST /meals req/s',
      run: async () => {
        const http = (embeddedHttp = await runHttpBench(log));
        details.http = http;
        logHttpTotals(log, http);
        return httpFigures(http);
      },
    },
    ...(postgres.available
      ? [
          {
            title: 'http, production read side: the same, with LEDGER_READ_MODEL=postgres and an Idempotency-Key on every request',
            key: 'httpPostgres',
            failure: 'HTTP POST /meals req/s, read models on PostgreSQL',
            run: async () => {
              const http = await withThrowawayDatabase('http', log, (databaseUrl) =>
                runHttpBench(log, { readModel: 'postgres', databaseUrl, idempotencyKeys: true }),
              );
              details.httpPostgres = http;
              logHttpTotals(log, http);
              return postgresHttpFigures(http, embeddedHttp);
            },
          },
        ]
      : []),
    {
      title:
        `projection: participation catch-up over 100,000 events from position 0, 3 rounds, against a raw replay, ` +
        (postgres.available ? 'onto SQLite and PostgreSQL, then query latency on both' : 'onto SQLite'),
      key: 'projection',
      failure: 'Projection catch-up',
      run: async () => {
        const projection = postgres.available
          ? await withThrowawayDatabase('projection', log, (url) => runProjectionBench(log, url))
          : await runProjectionBench(log);
        details.projection = projection;
        const pg = projection.postgres;
        if (!pg) return projectionFigures(projection);
        if ('failed' in pg) return [...projectionFigures(projection), failed('Projection catch-up onto PostgreSQL', pg.failed)];
        return [...projectionFigures(projection), ...postgresProjectionFigures(projection, pg)];
      },
    },
  ];

  for (const [i, section] of sections.entries()) {
    log(`${i + 1}/${sections.length} ${section.title}`);
    try {
      figures.push(...(await section.run()));
    } catch (error) {
      log(`!! ${section.key} bench failed: ${errorText(error)}`);
      figures.push(failed(section.failure, error));
    }
  }

  console.log('');
  printTable(figures, (line) => console.log(line));
  const file = writeResults(figures, details);
  console.log('');
  log(`results written to ${file}`);
}

function logHttpTotals(log: (line: string) => void, { command, noop }: HttpResults): void {
  log(
    `  http: ${command.requests} commands in ${command.seconds.toFixed(1)} s vs ${noop.requests} no-ops in ${noop.seconds.toFixed(1)} s; ` +
      `latencies are means over the ${command.runs.length} runs of each`,
  );
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
