import { StoredEvent } from './event-store.port';

/**
 * Which events an export holds. Every criterion given must hold (they combine with AND); an empty
 * filter selects the whole log.
 */
export interface ExportFilter {
  /** Event types, e.g. `["ClinicHeld","ClinicCorrected"]`. */
  readonly types?: readonly string[];
  /**
   * First and last calendar day (inclusive, `YYYY-MM-DD`) of the day the ledger recorded the event:
   * `metadata.recordedAt` read in UTC, not the activity's own date nor the unions' time zone, so that
   * a period means the same whatever the machine. An event recorded at 23:30 in Beijing on 1 March
   * is recorded on 1 March UTC; one at 07:30 on 1 March is recorded on 28 February UTC.
   */
  readonly from?: string;
  readonly to?: string;
  /**
   * An organisation's subtree: see streamsOfSubtree for exactly which streams that takes.
   */
  readonly organizationId?: string;
}

export type EventPredicate = (event: StoredEvent) => boolean;

/** The filter names an organisation that no event of the log registered. */
export class UnknownOrganizationError extends Error {
  constructor(readonly organizationId: string) {
    super(`organisation ${organizationId} is not in the log`);
    this.name = 'UnknownOrganizationError';
  }
}

/**
 * The filter as a test of one event. A subtree needs to know the organisation tree and which
 * organisation each stream belongs to, which only the log tells: `log` is read once for it, here,
 * before the caller reads the events to filter.
 */
export async function eventSelector(filter: ExportFilter, log: () => AsyncIterable<StoredEvent>): Promise<EventPredicate> {
  const tests: EventPredicate[] = [];
  if (filter.types) {
    const types = new Set(filter.types);
    tests.push((event) => types.has(event.type));
  }
  if (filter.from !== undefined || filter.to !== undefined) {
    const { from, to } = filter;
    tests.push((event) => {
      const day = recordedDay(event);
      return day !== undefined && (from === undefined || day >= from) && (to === undefined || day <= to);
    });
  }
  if (filter.organizationId !== undefined) {
    const streams = await streamsOfSubtree(filter.organizationId, log());
    tests.push((event) => streams.has(event.streamName));
  }
  return (event) => tests.every((test) => test(event));
}

/** The UTC calendar day of `metadata.recordedAt`; undefined when it is not an instant. */
function recordedDay(event: StoredEvent): string | undefined {
  const time = Date.parse(event.metadata.recordedAt);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString().slice(0, 10);
}

/**
 * The streams that belong to an organisation's subtree, found in one pass over the log that keeps
 * ids only (a parent link per move, a stream's owner, a course's owner), never events.
 *
 * - The subtree is the organisation and every organisation that was ever under it, under any parent
 *   it had at any time (OrganizationRegistered's parentId and every OrganizationMoved's toParentId):
 *   the figures of a dated tree need what a street union did before it moved in, and after it moved
 *   out, so the export holds both and the reader's projections decide what counts where.
 * - A stream belongs to the organisation named by the first of its events that names one:
 *   `organizationId` (organisations themselves, courses, clinics, meals, members, trips, cooling,
 *   feedback, intakes, brands, targets), `recommendingOrganizationId` (programme applications, which
 *   count under the union that recommended them, not the intake's owner), or, for course sessions,
 *   the owner of their `courseId` as CourseRegistered named it. Every event of such a stream is
 *   exported, corrections and voids included.
 * - Streams whose owner cannot be told this way are left out.
 */
export async function streamsOfSubtree(rootId: string, log: AsyncIterable<StoredEvent>): Promise<Set<string>> {
  const childrenEver = new Map<string, Set<string>>();
  const streamOwner = new Map<string, string>();
  const courseOwner = new Map<string, string>();
  const organizations = new Set<string>();

  for await (const { type, data, streamName } of log) {
    if (type === 'OrganizationRegistered' || type === 'OrganizationMoved') {
      const organizationId = String(data.organizationId);
      organizations.add(organizationId);
      const parentId = type === 'OrganizationRegistered' ? data.parentId : data.toParentId;
      if (typeof parentId === 'string') addTo(childrenEver, parentId, organizationId);
    }
    if (type === 'CourseRegistered' && typeof data.organizationId === 'string') {
      courseOwner.set(String(data.courseId), data.organizationId);
    }
    if (!streamOwner.has(streamName)) {
      const owner = ownerNamedBy(data, courseOwner);
      if (owner !== undefined) streamOwner.set(streamName, owner);
    }
  }

  if (!organizations.has(rootId)) throw new UnknownOrganizationError(rootId);
  const subtree = descendants(rootId, childrenEver);
  return new Set([...streamOwner].filter(([, owner]) => subtree.has(owner)).map(([stream]) => stream));
}

function ownerNamedBy(data: Readonly<Record<string, unknown>>, courseOwner: ReadonlyMap<string, string>): string | undefined {
  if (typeof data.organizationId === 'string') return data.organizationId;
  if (typeof data.recommendingOrganizationId === 'string') return data.recommendingOrganizationId;
  if (typeof data.courseId === 'string') return courseOwner.get(data.courseId);
  return undefined;
}

/** The root and everything below it; a set, so a cycle of moves cannot loop. */
function descendants(rootId: string, children: ReadonlyMap<string, ReadonlySet<string>>): Set<string> {
  const found = new Set([rootId]);
  const pending = [rootId];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    for (const child of children.get(next) ?? []) {
      if (!found.has(child)) {
        found.add(child);
        pending.push(child);
      }
    }
  }
  return found;
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key) ?? new Set<string>();
  set.add(value);
  map.set(key, set);
}
