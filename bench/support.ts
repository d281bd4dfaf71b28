import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventMetadata, NewEvent } from '../libs/event-store/src/event-store.port';

/** A fresh directory under the OS temp dir (on the same disk as real data here: /tmp is ext4, not tmpfs). */
export function tempDir(label: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `ledger-bench-${label}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Nearest-rank percentile (p in 0..100) of a non-empty sample: a value that was actually measured. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export { prng } from '../test/support/prng';

/** Metadata as the CommandExecutor writes it: actor, correlation and causation ids, recordedAt, schema version. */
export function metadata(actor = 'clerk-chaowai-01'): EventMetadata {
  return {
    actor,
    correlationId: randomUUID(),
    causationId: randomUUID(),
    recordedAt: new Date().toISOString(),
    schemaVersion: 1,
  };
}

/**
 * One realistic event for the store benchmarks: a CourseSessionAttended as the API records it
 * (about 90 bytes of data and 190 bytes of metadata once serialised).
 */
export function attendedEvent(courseId: string, sessionId: string, n: number): NewEvent {
  return {
    id: randomUUID(),
    type: 'CourseSessionAttended',
    data: { courseId, sessionId, participantId: `w-${(n * 7919).toString(16).padStart(6, '0')}` },
    metadata: metadata(),
  };
}

export function sessionStream(courseId: string, sessionId: string): string {
  return `course_session-${courseId}/${sessionId}`;
}
