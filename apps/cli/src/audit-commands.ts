import { readFile } from 'node:fs/promises';
import type { ChainDigest } from '../../../libs/audit/src/hash-chain';
import type { VerificationReport } from '../../../libs/audit/src/verify-log';
import { LedgerClient } from './ledger-client';

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
  const report = await client.get<VerificationReport>('/audit/verify', { ...digest });
  print(`${report.eventsChecked} events checked, ${report.sealedEvents} of them sealed`);
  if (report.head) print(`chain head: ${report.head.hash} after ${report.head.eventCount} events (position ${report.head.position})`);
  if (report.problem) {
    const { kind, position, eventId, eventNumber, detail } = report.problem;
    print(`FAILED: ${kind} at position ${position} (event ${eventNumber}, ${eventId}): ${detail}`);
  }
  if (report.digest) print(`${report.digest.consistent ? 'digest holds' : 'DIGEST FAILED'}: ${report.digest.detail}`);
  if (report.ok) print('verified: nothing in the log was altered');
  return report.ok ? 0 : 1;
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
  readonly correctionsSince: Array<{ position: string; type: string; streamName: string; restates: Array<{ organizationId: string; period: string }> }>;
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
  for (const correction of answer.correctionsSince) {
    const restates = correction.restates.map((r) => `${r.organizationId} ${r.period}`).join(', ');
    print(`  correction at ${correction.position}: ${correction.type} in ${correction.streamName}${restates ? ` (restates closed ${restates})` : ''}`);
  }
  if (answer.restatement) print('this report covers a closed period that has been restated');
  return answer.reproduced ? 0 : 1;
}
