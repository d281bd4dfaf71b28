import { MemoryEventStore } from '../../libs/event-store/src/memory-event-store';
import { describeEventStoreContract } from '../../libs/event-store/src/testing/event-store.contract';

describeEventStoreContract('memory', async () => {
  const store = new MemoryEventStore();
  return { store, dispose: () => store.close() };
});
