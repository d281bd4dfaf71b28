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
