import { readFile } from 'node:fs/promises';
import { auditChainProjection } from '../../../libs/audit/src/audit-chain.projection';
import type { ChainDigest } from '../../../libs/audit/src/hash-chain';
import { verifyFiles } from '../../../libs/audit/src/verify-files';
import { sealedEvents } from '../../../libs/audit/src/verify-ledger';
import { verifyLog, VerificationReport } from '../../../libs/audit/src/verify-log';
import { SqliteEventStore } from '../../../libs/event-store/src/sqlite-event-store';
import { namespaceOf } from '../../../libs/projections/src/projection-manager';
import { SqliteReadModelStore } from '../../../libs/projections/src/sqlite-read-model-store';
import { EXIT_INTERRUPTED } from './interrupt';
import { LedgerClient } from './ledger-client';
import { withLedgerStores } from './open-stores';
import { ProgressStream, progressReporter } from './progress';

export const EXIT_VERIFIED = 0;
export const EXIT_ALTERED = 1;

/** `ledger digest`: the chain head as JSON, to keep outside the ledger (e.g. `> digest-2024-12.json`). */
export async function printDigest(client: LedgerClient, print: (line: string) => void): Promise<void> {
  print(JSON.stringify(await client.get<ChainDigest>('/audit/digest'), null, 2));
}

/**
 * `ledger verify [--digest file]`: the API replays the log against the sealed chain (and the saved
 * digest). Returns the exit code: 0 when all is well, 1 when anything is wrong.
 */
export async function verify(client: LedgerClient, digestFile: string | undefined, print: (line: string) => void): Promise<number> {
  const digest = digestFile === undefined ? undefined : await readDigest(digestFile);
  return printVerification(await client.get<VerificationReport>('/audit/verify', { ...digest }), print);
}

export interface LocalVerifyCommand {
  /** The log: `sqlite:<path>`, `esdb://...` or `esdb+discover://...`. */
  readonly store: string;
  /** The read models holding its sealed chain: `sqlite:<directory>` or `postgres://...`. */
  readonly readModels: string;
  /** A digest saved earlier with `ledger digest > file`. */
  readonly digest?: string;
}

/**
 * `ledger verify --store … --read-models …`: the same verification as GET /audit/verify, on stores
 * opened directly (an auditor's copy, or a ledger whose API is down), with progress on standard
 * error. It only reads. Returns EXIT_VERIFIED, EXIT_ALTERED, or EXIT_INTERRUPTED once the signal
 * is aborted: reading stops at the next event (on SQLite files, at the next chunk of them).
 */
export async function verifyStores(
  command: LocalVerifyCommand,
  print: (line: string) => void,
  options: { readonly signal?: AbortSignal; readonly progress?: ProgressStream } = {},
): Promise<number> {
  const digest = command.digest === undefined ? undefined : await readDigest(command.digest);
  return withLedgerStores(command, async (store, readModels) => {
    const { name } = auditChainProjection;
    // The sealer's live generation, named as the projection manager names it.
    const namespace = namespaceOf({ name }, (await readModels.generations(name)).active);
    const total = await store.countEventsAfter(undefined);
    const progress = progressReporter({ label: 'verifying the log', unit: 'events', stream: options.progress });
    progress.update(0, total);
    const onProgress = (checked: number) => progress.update(checked, total);
    try {
      const report =
        store instanceof SqliteEventStore && readModels instanceof SqliteReadModelStore
          ? // Both on files: read them directly, on a worker thread per core.
            await verifyFiles({ log: store.file, chain: readModels.fileOf(namespace) }, { digest, onProgress, signal: options.signal })
          : // verifyLedger (what the API runs) is this call without a way to stop: the log is read through the signal here.
            await verifyLog(untilAborted(store.readAll(), options.signal), sealedEvents(readModels, namespace), { digest, onProgress });
      progress.update(report.eventsChecked, total); // onProgress comes every 10,000 events (or chunk) only
      progress.finish();
      return printVerification(report, print);
    } catch (error) {
      progress.finish();
      if (!options.signal?.aborted) throw error;
      print('interrupted: verification was stopped before the end of the log, so nothing is verified; it writes nothing');
      return EXIT_INTERRUPTED;
    }
  });
}

/** The source's items until the signal is aborted; then it throws the signal's reason, which closes the source. */
async function* untilAborted<T>(source: AsyncIterable<T>, signal: AbortSignal | undefined): AsyncGenerator<T> {
  signal?.throwIfAborted();
  for await (const item of source) {
    signal?.throwIfAborted();
    yield item;
  }
}

/** The lines both modes print, whoever verified. Returns the exit code. */
function printVerification(report: VerificationReport, print: (line: string) => void): number {
  print(`${report.eventsChecked} events checked, ${report.sealedEvents} of them sealed`);
  if (report.head) print(`chain head: ${report.head.hash} after ${report.head.eventCount} events (position ${report.head.position})`);
  if (report.problem) {
    const { kind, position, eventId, eventNumber, detail } = report.problem;
    print(`FAILED: ${kind} at position ${position} (event ${eventNumber}, ${eventId}): ${detail}`);
  }
  if (report.digest) print(`${report.digest.consistent ? 'digest holds' : 'DIGEST FAILED'}: ${report.digest.detail}`);
  if (report.ok) print('verified: nothing in the log was altered');
  return report.ok ? EXIT_VERIFIED : EXIT_ALTERED;
}

async function readDigest(file: string): Promise<ChainDigest> {
  let parsed: Partial<ChainDigest>;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<ChainDigest>;
  } catch (error) {
    throw new Error(`cannot read the digest ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const { position, hash, eventCount } = parsed;
  if (typeof position !== 'string' || typeof hash !== 'string' || typeof eventCount !== 'number') {
    throw new Error(`${file} is not a digest: it needs position (string), hash (string) and eventCount (number), as \`ledger digest\` writes`);
  }
  return { position, hash, eventCount };
}

interface ReproduceAnswer {
  readonly reportId: string;
  readonly title: string;
  readonly receipt: { position: string; chainHash: string; eventCount: number; projection: string; resultHash: string };
  readonly reproduced: boolean;
  readonly recomputedHash: string;
  readonly restatement: boolean;
  readonly differences: Array<{ path: string; asPublished: unknown; asRestated: unknown }>;
  readonly changesSince: Array<{
    position: string;
    type: string;
    streamName: string;
    kind: 'correction' | 'late entry';
    restates: Array<{ organizationId: string; period: string }>;
  }>;
}

/**
 * `ledger reproduce <report>`: recomputes a published report at its position and shows it beside
 * the report now. Returns the exit code: 0 when reproduced, 1 when the figures are not the published ones.
 */
export async function reproduce(client: LedgerClient, reportId: string, print: (line: string) => void): Promise<number> {
  const answer = await client.get<ReproduceAnswer>(`/reports/${encodeURIComponent(reportId)}/reproduce`);
  const { receipt } = answer;
  print(`${answer.reportId}: ${answer.title}`);
  print(`receipt: position ${receipt.position}, ${receipt.eventCount} events, chain ${receipt.chainHash}, ${receipt.projection}`);
  print(answer.reproduced ? `reproduced: the events up to ${receipt.position} give the published figures (${receipt.resultHash})` : `NOT REPRODUCED: the figures hash to ${answer.recomputedHash}, not ${receipt.resultHash}`);
  if (answer.differences.length === 0) print('as restated: no figure has changed since publication');
  for (const { path, asPublished, asRestated } of answer.differences) {
    print(`  ${path}: published ${JSON.stringify(asPublished)}, now ${JSON.stringify(asRestated)}`);
  }
  for (const change of answer.changesSince) {
    const restates = change.restates.map((r) => `${r.organizationId} ${r.period}`).join(', ');
    print(`  ${change.kind} at ${change.position}: ${change.type} in ${change.streamName}${restates ? ` (restates closed ${restates})` : ''}`);
  }
  if (answer.restatement) print('this report covers a closed period that has been restated');
  return answer.reproduced ? 0 : 1;
}
