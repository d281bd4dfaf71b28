import { EventStoreDbEventStore } from '../../libs/event-store/src/eventstoredb/eventstoredb-event-store';
import { describeEventStoreContract } from '../../libs/event-store/src/testing/event-store.contract';
import { startEsdbTestServer } from '../support/esdb-test-server';

/**
 * The shared contract against the EventStoreDB adapter. With EVENTSTORE_CONNECTION_STRING set (e.g.
 * `esdb://localhost:2113?tls=false`, via `npm run test:esdb`) it runs against that real server;
 * otherwise against our protocol-level test server, once as a 21+ server (appends over BatchAppend)
 * and once as a 20.x server (no ServerFeatures, so appends over the unary Append).
 */
const realServer = process.env.EVENTSTORE_CONNECTION_STRING;

if (realServer) {
  describeEventStoreContract('eventstoredb (EVENTSTORE_CONNECTION_STRING)', async () => {
    const store = new EventStoreDbEventStore(realServer);
    return { store, dispose: () => store.close() };
  });
} else {
  for (const batchAppend of [true, false]) {
    const appends = batchAppend ? 'BatchAppend' : 'unary Append';
    describeEventStoreContract(`eventstoredb (test server, ${appends})`, async () => {
      const server = await startEsdbTestServer({ batchAppend });
      const store = new EventStoreDbEventStore(server.connectionString);
      return {
        store,
        dispose: async () => {
          await store.close();
          await server.stop();
        },
      };
    });
  }
}
