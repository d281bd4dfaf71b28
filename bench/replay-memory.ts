import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { SqliteEventStore } from '../libs/event-store/src/sqlite-event-store';
import { participationProjection } from '../libs/projections/src/participation/participation.projection';
import { replayInto } from '../libs/projections/src/replay';
import { SqliteReadModelStore } from '../libs/projections/src/sqlite-read-model-store';
import { generateLedger } from './ledger-data';
import { nowMs, tempDir } from './support';

/**
 * Does `ledger replay` run in bounded memory? Generates a log of `--events` events (default
 * 1,000,000) into a temporary SQLite store, then replays participation_v6 from position 0 into a
 * temporary SQLite read model and prints events/s and the peak RSS.
 *
 * The generator holds the whole ledger in memory, so the replay runs in a child process of its own:
 * its peak RSS (process.resourceUsage().maxRSS) is the replay's alone, not the generator's.
 *
 *   npm run build && node dist/bench/replay-memory.js --events 1000000
 */

const APPENDS_PER_TRANSACTION = 500;

interface ReplayFigures {
  readonly events: number;
  readonly ms: number;
  readonly eventsPerSecond: number;
  /** RSS once the stores are open, before the first event: what the replay adds is the difference. */
  readonly rssBeforeMb: number;
  readonly peakRssMb: number;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--replay-child') {
    process.stdout.write(JSON.stringify(await replay(args[1], args[2])));
    return;
  }
  const at = args.indexOf('--events');
  const events = at === -1 ? 1_000_000 : Number(args[at + 1]);
  if (!Number.isSafeInteger(events) || events < 1) throw new Error('--events takes a positive whole number');

  const dir = tempDir('replay-memory');
  try {
    const eventsFile = join(dir.path, 'events.sqlite');
    const appendStart = nowMs();
    await fillLog(eventsFile, events);
    console.log(`generated and appended ${events.toLocaleString('en-US')} events in ${seconds(nowMs() - appendStart)}`);

    const output = execFileSync(process.execPath, [__filename, '--replay-child', eventsFile, join(dir.path, 'read-models')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const figures = JSON.parse(output) as ReplayFigures;
    console.log(
      `replayed participation_v6: ${figures.events.toLocaleString('en-US')} events in ${seconds(figures.ms)}, ` +
        `${Math.round(figures.eventsPerSecond).toLocaleString('en-US')} events/s, ` +
        `peak RSS ${figures.peakRssMb.toFixed(0)} MB (${figures.rssBeforeMb.toFixed(0)} MB before the first event)`,
    );
  } finally {
    dir.remove();
  }
}

async function fillLog(file: string, events: number): Promise<void> {
  const store = new SqliteEventStore(file);
  try {
    for (const phase of generateLedger(events).phases) {
      for (let i = 0; i < phase.length; i += APPENDS_PER_TRANSACTION) {
        // Appends issued in one turn of the event loop share one transaction (group commit).
        await Promise.all(
          phase
            .slice(i, i + APPENDS_PER_TRANSACTION)
            .map(({ stream, events: batch }) => store.appendToStream(stream, batch, { expectedRevision: 'no_stream' })),
        );
      }
    }
  } finally {
    await store.close();
  }
}

async function replay(eventsFile: string, readModelDir: string): Promise<ReplayFigures> {
  const store = new SqliteEventStore(eventsFile);
  const readModels = new SqliteReadModelStore(readModelDir);
  try {
    const rssBeforeMb = process.memoryUsage().rss / 1024 / 1024;
    const start = nowMs();
    const result = await replayInto(store, readModels, participationProjection, 'participation_v6_replay');
    const ms = nowMs() - start;
    return {
      events: result.replayed,
      ms,
      eventsPerSecond: (result.replayed * 1000) / ms,
      rssBeforeMb,
      peakRssMb: process.resourceUsage().maxRSS / 1024, // maxRSS is in kilobytes
    };
  } finally {
    await readModels.close();
    await store.close();
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
