import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { EventStore } from '../../../../libs/event-store/src/event-store.port';
import { comparePositions, encodePosition, LogPosition } from '../../../../libs/event-store/src/position';
import { AsOf, lastEventRecordedBy, replayInMemory, ReplayedReadModel } from '../../../../libs/projections/src/as-of';
import { participationProjection } from '../../../../libs/projections/src/participation/participation.projection';
import { EVENT_STORE } from '../ledger.providers';

/** The response header that says which event an as-of answer was computed up to. */
export const AS_OF_HEADER = 'X-As-Of-Position';

/**
 * Said when no event is included: position 0 comes before every user event in each store, and as
 * asOf it gives the same empty answer again, like every value of the header.
 */
const BEFORE_THE_LOG = '0';

/** An auditor asks several questions at one point of the log: that many replays are kept. */
const CACHED_REPLAYS = 4;

interface CachedReplay {
  readonly replay: Promise<ReplayedReadModel>;
  /** Answers running on it: an evicted replay is closed only once the last of them has finished. */
  users: number;
  evicted: boolean;
}

/**
 * The participation read model as it stood at a point of the log, replayed from the events (never
 * derived from the current rows), with the last few replays kept by the position they end at.
 */
@Injectable()
export class AsOfReadModels implements OnApplicationShutdown {
  /** In order of use, least recent first. */
  private readonly cache = new Map<string, CachedReplay>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** Runs `ask` on the read model as of `asOf`, and says the position of the last event it includes. */
  async use<Answer>(asOf: AsOf, ask: (replayed: ReplayedReadModel) => Promise<Answer>): Promise<{ answer: Answer; position: string }> {
    const cutoff = await this.cutoff(asOf);
    const entry = this.entry(cutoff);
    entry.users++;
    try {
      const replayed = await entry.replay;
      const answer = await ask(replayed);
      return { answer, position: replayed.position ? encodePosition(replayed.position) : BEFORE_THE_LOG };
    } finally {
      entry.users--;
      if (entry.evicted && entry.users === 0) closeWhenReady(entry);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    for (const entry of this.cache.values()) entry.evicted = true;
    await Promise.all([...this.cache.values()].filter((entry) => entry.users === 0).map(closeWhenReady));
    this.cache.clear();
  }

  /** Where the replay stops. A position beyond the head answers as of the head, so it shares the head's replay. */
  private async cutoff(asOf: AsOf): Promise<LogPosition | undefined> {
    if ('instant' in asOf) return lastEventRecordedBy(this.store, asOf.instant);
    const head = await this.store.headPosition();
    if (!head) return undefined;
    return comparePositions(asOf.position, head) > 0 ? head : asOf.position;
  }

  /** Synchronous from lookup to return, so that a caller can count itself a user before anything evicts it. */
  private entry(cutoff: LogPosition | undefined): CachedReplay {
    const key = cutoff ? encodePosition(cutoff) : BEFORE_THE_LOG;
    const cached = this.cache.get(key);
    if (cached) {
      this.cache.delete(key); // re-inserted: now the most recent
      this.cache.set(key, cached);
      return cached;
    }
    const entry: CachedReplay = { replay: replayInMemory(this.store, participationProjection, cutoff), users: 0, evicted: false };
    // A replay that failed (store unreachable) is not kept: the next question tries again.
    entry.replay.catch(() => this.cache.get(key) === entry && this.cache.delete(key));
    this.cache.set(key, entry);
    for (const [oldest, evicted] of this.cache) {
      if (this.cache.size <= CACHED_REPLAYS) break;
      this.cache.delete(oldest);
      evicted.evicted = true;
      if (evicted.users === 0) closeWhenReady(evicted);
    }
    return entry;
  }
}

function closeWhenReady(entry: CachedReplay): Promise<void> {
  return entry.replay.then(
    (replayed) => replayed.close(),
    () => undefined, // nothing was opened
  );
}
