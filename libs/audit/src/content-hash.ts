import { createHash } from 'node:crypto';
import { EventMetadata } from '../../event-store/src/event-store.port';
import { canonicalJson } from './canonical-json';

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

export function sha256(text: string): string {
  return `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;
}
