/**
 * Which process runs a projection. Several API processes may serve one ledger, and each projection
 * must be written by one of them at a time, then taken over soon after that one dies. A lease only
 * keeps the others idle: exactness does not rest on it, because every batch is also fenced by its
 * checkpoint (ReadModelStore.applyBatch with `expected`), so a process that lost its lease without
 * noticing yet cannot apply a batch twice.
 */
export interface ProjectionLeases {
  /**
   * Takes the lease if nobody holds it, or confirms that this process still does: true while it
   * holds it. Called on every tick of the projection manager.
   */
  acquire(projection: string): Promise<boolean>;
  release(projection: string): Promise<void>;
  close(): Promise<void>;
}

/** The embedded profile: the read models are files of this one process, which runs everything. */
export class SingleProcessLeases implements ProjectionLeases {
  async acquire(): Promise<boolean> {
    return true;
  }
  async release(): Promise<void> {}
  async close(): Promise<void> {}
}
