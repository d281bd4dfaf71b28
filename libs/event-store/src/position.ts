/**
 * A place in the global log. EventStoreDB's `$all` position is a (commit, prepare) pair of
 * unsigned 64-bit numbers, so both halves are bigints: a JavaScript number would lose precision
 * above 2^53. Stores with a single sequence use the same number for both halves.
 */
export interface LogPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export function positionAt(sequence: bigint): LogPosition {
  return { commit: sequence, prepare: sequence };
}

export function comparePositions(a: LogPosition, b: LogPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/** The opaque wire form: `"42"` when both halves agree, `"42:40"` otherwise. */
export function encodePosition(position: LogPosition): string {
  return position.commit === position.prepare
    ? position.commit.toString()
    : `${position.commit}:${position.prepare}`;
}

const ENCODED_POSITION = /^(\d{1,20})(?::(\d{1,20}))?$/;

export function decodePosition(text: string): LogPosition | undefined {
  const match = ENCODED_POSITION.exec(text);
  if (!match) return undefined;
  const commit = BigInt(match[1]);
  const prepare = match[2] === undefined ? commit : BigInt(match[2]);
  const max = 2n ** 64n - 1n;
  if (commit > max || prepare > max) return undefined;
  return { commit, prepare };
}
