import { LedgerClient } from '../ledger-client';
import { PlannedRequest, seedPlan } from './seed-plan';

const CONCURRENCY = 8;

export interface DemoReport {
  readonly requests: number;
  readonly recorded: number;
  readonly alreadyRecorded: number;
}

/**
 * Records the seed over HTTP, never by writing rows. Each request carries a stable
 * Idempotency-Key, so running the demo twice records everything once.
 */
export async function runDemo(client: LedgerClient, log: (line: string) => void = () => undefined): Promise<DemoReport> {
  await client.waitUntilReady();
  const plan = seedPlan();
  let recorded = 0;
  let alreadyRecorded = 0;
  let requests = 0;
  for (const stage of plan.stages) {
    await inParallel(stage, CONCURRENCY, async (request: PlannedRequest) => {
      const { status, replayed } = await client.post(request.path, request.body, request.key);
      requests++;
      if (status === 201 && !replayed) recorded++;
      else alreadyRecorded++;
    });
    log(`  ${requests} requests sent`);
  }
  await client.waitForProjections();
  return { requests, recorded, alreadyRecorded };
}

async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
