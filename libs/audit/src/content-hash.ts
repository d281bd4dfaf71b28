import { hash } from 'node:crypto';
import { EventMetadata } from '../../event-store/src/event-store.port';
import { canonicalJson, canonicalJsonOfPlainText } from './canonical-json';

/** What an event's content hash covers: everything the writer chose, none of what the store assigned. */
export interface HashedContent {
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: EventMetadata;
}

/**
 * `sha256:<hex>` of the canonical JSON (RFC 8785) of `{id, type, data, metadata}`, the metadata
 * without its own contentHash member. The stream, revision and position are not in it: the store
 * assigns them, and the audit chain seals them.
 */
export function contentHashOf({ id, type, data, metadata }: HashedContent): string {
  const { contentHash: _, ...hashedMetadata } = metadata;
  return sha256(canonicalJson({ id, type, data, metadata: hashedMetadata }));
}

/** `sha256:<hex>` of `{type, data}` alone: lets verification tell an altered payload from altered metadata. */
export function payloadHashOf({ type, data }: Pick<HashedContent, 'type' | 'data'>): string {
  return sha256(canonicalJson({ type, data }));
}

/**
 * Both hashes of an event at once, as `contentHashOf` and `payloadHashOf` define them, with the
 * data canonicalised once: the canonical JSON of an object is its members in name order, so both
 * are written around the same canonical data. Verification and the sealer hash every event.
 * `plainText`: its data and metadata were parsed from JSON text without a backslash, which lets
 * their strings be written without a look at them (canonicalJsonOfPlainText).
 */
export function hashesOf(event: HashedContent, plainText = false): { contentHash: string; payloadHash: string } {
  const { id, type, data, metadata } = event;
  // An absent member is left out of canonical JSON altogether: the general definitions say how.
  if (data === undefined || id === undefined || type === undefined) return { contentHash: contentHashOf(event), payloadHash: payloadHashOf(event) };
  const { contentHash: _, ...hashedMetadata } = metadata;
  const canonicalOfText = plainText ? canonicalJsonOfPlainText : canonicalJson;
  const canonicalData = canonicalOfText(data);
  const canonicalType = canonicalJson(type);
  return {
    contentHash: sha256(`{"data":${canonicalData},"id":${canonicalJson(id)},"metadata":${canonicalOfText(hashedMetadata)},"type":${canonicalType}}`),
    payloadHash: sha256(`{"data":${canonicalData},"type":${canonicalType}}`),
  };
}

export function sha256(text: string): string {
  return `sha256:${hash('sha256', text, 'hex')}`;
}
