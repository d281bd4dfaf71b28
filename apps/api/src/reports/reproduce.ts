/** One figure that differs: where in the answer, as published, and as the ledger states it now. */
export interface Difference {
  readonly path: string;
  readonly asPublished: unknown;
  readonly asRestated: unknown;
}

/** Every leaf where the two answers differ, by JSON path (`[0].attendances`), in a stable order. */
export function differences(published: unknown, restated: unknown, path = ''): Difference[] {
  const isContainer = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
  if (isContainer(published) && isContainer(restated) && Array.isArray(published) === Array.isArray(restated)) {
    const keys = [...new Set([...Object.keys(published), ...Object.keys(restated)])].sort();
    return keys.flatMap((key) =>
      differences(published[key], restated[key], Array.isArray(published) ? `${path}[${key}]` : path ? `${path}.${key}` : key),
    );
  }
  return JSON.stringify(published) === JSON.stringify(restated) ? [] : [{ path: path || '.', asPublished: published ?? null, asRestated: restated ?? null }];
}

/** The event types that change what was recorded before, rather than record something new. */
const CORRECTION = /(Corrected|Voided|RemovedFromBrand|Moved|Renamed)$/;

export function isCorrection(type: string): boolean {
  return CORRECTION.test(type);
}
