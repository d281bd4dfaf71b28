import { EventStore, StoredEvent } from '../../../../libs/event-store/src/event-store.port';
import { comparePositions, encodePosition, LogPosition } from '../../../../libs/event-store/src/position';
import {
  ALL_SUBJECT_KINDS,
  scopeTest,
  SubjectKind,
  subjectsInScope,
  SubjectTracker,
} from '../../../../libs/projections/src/participation/explain';
import { QueryRunner, ScopeFilter } from '../../../../libs/projections/src/participation/scope';
import { AuditedEvent, auditedEvent } from '../audit/history-paging';

/** More events than an auditor recounts by hand; past it the list says it is cut short. */
export const EXPLAINED_EVENTS_CAP = 10_000;

/** What to explain: the query's scope, which subjects its figures count, and how to recount them. */
export interface ExplainRequest {
  readonly filter: ScopeFilter;
  readonly kinds: readonly SubjectKind[];
  readonly note: string;
}

export interface Explanation {
  /** The last event of the log the answer and the list were computed from ("0" before the first). */
  readonly upToPosition: string;
  readonly events: readonly AuditedEvent[];
  readonly truncated: boolean;
  readonly note: string;
}

const SESSIONS_NOTE =
  'sessions = CourseSessionHeld - CourseSessionVoided; attendances = CourseSessionAttended - AttendanceVoided, ' +
  'not counting the attendances of a voided session (voiding a session cancels its attendances). ' +
  'A session counts under the organisation its course was registered to, as the tree stood on its date.';

export function explainCourses(filter: ScopeFilter): ExplainRequest {
  return {
    filter,
    kinds: ['session'],
    note: `The events of every course session counted in the scope and period, in log order. ${SESSIONS_NOTE}`,
  };
}

export function explainOrganizationSummary(filter: ScopeFilter): ExplainRequest {
  return {
    filter,
    kinds: ALL_SUBJECT_KINDS,
    note:
      'The events of every activity counted in the scope and period, in log order. ' +
      `courseSessions and attendances: ${SESSIONS_NOTE} ` +
      'Counts corrected by a later event take the latest value: meals = the sum over MealServed of its meals, ' +
      'or of the last MealCountCorrected of that meal; the same for workersServed (ClinicCorrected), ' +
      'coolingWorkersReached, coolingEquipmentInstalled and feedbackSuggestions, and a trip\'s dates. ' +
      'Voided joinings, trip participations, admissions and applications no longer count. ' +
      'An activity whose date a correction moved out of the period is not listed.',
  };
}

/**
 * The events of the log, up to and including `upTo`, that changed the rows a query counted:
 * `run` reads the read model computed from exactly that prefix, whose tree decides the scope.
 * Two passes over the prefix, keeping ids only in between: the first learns where each subject
 * ended up (a correction may move a clinic's date), the second lists the events of those in scope.
 */
export async function explainFromLog(
  store: EventStore,
  run: QueryRunner,
  request: ExplainRequest,
  upTo: LogPosition | undefined,
  cap = EXPLAINED_EVENTS_CAP,
): Promise<Explanation> {
  const note = request.note;
  if (!upTo) return { upToPosition: '0', events: [], truncated: false, note };

  const learned = new SubjectTracker();
  for await (const event of logUpTo(store, upTo)) learned.apply(event);
  const wanted = subjectsInScope(learned.subjects, request.kinds, await scopeTest(run, request.filter));

  const listing = new SubjectTracker();
  const events: AuditedEvent[] = [];
  let truncated = false;
  for await (const event of logUpTo(store, upTo)) {
    const subject = listing.apply(event);
    if (!subject || !wanted.has(subject.id)) continue;
    if (events.length === cap) {
      truncated = true;
      break;
    }
    events.push(auditedEvent(event));
  }
  return { upToPosition: encodePosition(upTo), events, truncated, note };
}

async function* logUpTo(store: EventStore, upTo: LogPosition): AsyncIterable<StoredEvent> {
  for await (const event of store.readAll()) {
    if (comparePositions(event.position, upTo) > 0) return;
    yield event;
  }
}
