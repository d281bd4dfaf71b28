import { join } from 'node:path';
import { NewEvent } from '../../../event-store/src/event-store.port';
import { SqliteEventStore } from '../../../event-store/src/sqlite-event-store';
import { fact } from '../../../event-store/src/testing/log-fixtures';
import { ProjectionRunner } from '../../../projections/src/projection-runner';
import { SqliteReadModelStore } from '../../../projections/src/sqlite-read-model-store';
import { auditChainProjection, sealedDigest } from '../audit-chain.projection';
import { contentHashOf } from '../content-hash';
import { ChainDigest } from '../hash-chain';

/** The sealer's namespace in a sealed test ledger. */
export const SEALED_NAMESPACE = 'audit_chain_v1_g1';

/** An event as the ledger records it: with its content hash in the metadata. */
export function recorded(type: string, data: Record<string, unknown>): NewEvent {
  const event = fact(type, data);
  return { ...event, metadata: { ...event.metadata, contentHash: contentHashOf(event) } };
}

/**
 * An embedded ledger in `dir` (events.sqlite, read-models/): `append` writes its log, the sealer
 * seals all of it, and the digest of the sealed chain is returned. Both stores are closed after.
 */
export async function sealedLedger(dir: string, append: (store: SqliteEventStore) => Promise<void>): Promise<ChainDigest> {
  const store = new SqliteEventStore(join(dir, 'events.sqlite'));
  const readModels = new SqliteReadModelStore(join(dir, 'read-models'));
  try {
    await append(store);
    const sealer = new ProjectionRunner(store, readModels, auditChainProjection, SEALED_NAMESPACE, { error: () => undefined });
    await sealer.start();
    for (let i = 0; i < 500 && (await store.countEventsAfter(sealer.checkpoint)) > 0; i++) await new Promise((r) => setTimeout(r, 10));
    await sealer.stop();
    return (await sealedDigest((sql, params) => readModels.query(SEALED_NAMESPACE, sql, params)))!;
  } finally {
    await readModels.close();
    await store.close();
  }
}
