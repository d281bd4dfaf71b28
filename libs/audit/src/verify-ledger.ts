import { EventStore } from '../../event-store/src/event-store.port';
import { ReadModelStore } from '../../projections/src/read-model.port';
import { SEALED_COLUMNS, SealedEvent } from './audit-chain.projection';
import { ChainDigest } from './hash-chain';
import { verifyLog, VerificationReport } from './verify-log';

const PAGE = 1000;

/** Verifies a ledger's log against the chain its sealer keeps in `namespace`, on any pair of stores. */
export function verifyLedger(
  store: EventStore,
  readModels: ReadModelStore,
  namespace: string,
  options: { digest?: ChainDigest; onProgress?: (eventsChecked: number) => void } = {},
): Promise<VerificationReport> {
  return verifyLog(store.readAll(), sealedEvents(readModels, namespace), options);
}

/** The sealed chain in order, a page at a time. */
export async function* sealedEvents(readModels: ReadModelStore, namespace: string): AsyncGenerator<SealedEvent> {
  for (let after = 0; ; ) {
    const page = await readModels.query<SealedEvent>(namespace, `SELECT ${SEALED_COLUMNS} FROM chain WHERE seq > ? ORDER BY seq LIMIT ${PAGE}`, [after]);
    yield* page;
    if (page.length < PAGE) return;
    after = page[page.length - 1].seq;
  }
}
