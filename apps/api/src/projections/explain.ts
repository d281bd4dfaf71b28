import { EventStore, StoredEvent } from '../../../../libs/event-store/src/event-store.port';
import { comparePositions, encodePosition, LogPosition } from '../../../../libs/event-store/src/position';
import {
  ALL_SUBJECT_KINDS,
  MEASURE_SUBJECT_KINDS,
  narrowingTest,
  Narrowing,
  scopeTest,
  SERVICE_USE_KINDS,
  SubjectKind,
  subjectsInScope,
  SubjectTracker,
} from '../../../../libs/projections/src/participation/explain';
import { QueryRunner, ScopeFilter, Tree } from '../../../../libs/projections/src/participation/scope';
import { TargetMeasure } from '../../../../libs/domain/src/target/target.events';
import { AuditedEvent, auditedEvent } from '../audit/history-paging';

/** More events than an auditor recounts by hand; past it the list says it is cut short. */
export const EXPLAINED_EVENTS_CAP = 10_000;

/** What to explain: the query's scope, which subjects its figures count, and how to recount them. */
export interface ExplainRequest {
  readonly filter: ScopeFilter;
  readonly kinds: readonly SubjectKind[];
  /** One course, one brand's courses, one intake, when the query selects on it. */
  readonly narrowing?: Narrowing;
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

const SUMMARY_NOTE =
  'Counts corrected by a later event take the latest value: meals = the sum over MealServed of its meals, ' +
  'or of the last MealCountCorrected of that meal; the same for workersServed (ClinicCorrected), ' +
  'coolingWorkersReached, coolingEquipmentInstalled and feedbackSuggestions, and a trip\'s dates. ' +
  'Voided joinings, trip participations, admissions and applications no longer count. ' +
  'An activity whose date a correction moved out of the period is not listed.';

const TRIPS_NOTE =
  'participants = TripParticipationRecorded - TripParticipationVoided, per trip; days = endDate - startDate + 1 ' +
  '(both ends count), from RecuperationTripOrganized or the last RecuperationTripCorrected; personDays = participants × days. ' +
  'A trip counts under the organisation that organised it, on its (corrected) start date.';

const COOLING_NOTE =
  'A delivery\'s site, date, items and workersReached, and an installation\'s site, date, kind and quantity, are those of ' +
  'the event that recorded it or, if corrected, of its last correction (a correction states every field anew). ' +
  'Item quantities are summed by item and unit, equipment by kind, per site and in total.';

const PROGRAMME_NOTE =
  'applications = ProgrammeApplicationRecorded - ProgrammeApplicationVoided, counted under the recommending union on the ' +
  'date of the application, by the track applied for; admissions = those of them with a ProgrammeAdmissionRecorded not ' +
  'undone by a later ProgrammeAdmissionVoided, by the track and tuition aid of the admission.';

const SERVICE_USES_NOTE =
  'multiServicePeople: the people with uses of two or more services among attendances, trip participations ' +
  '(TripParticipationRecorded - TripParticipationVoided), joinings (MemberJoined - MembershipVoided), applications ' +
  '(ProgrammeApplicationRecorded - ProgrammeApplicationVoided), clinic visitors and meal recipients ' +
  '(MealRecipientsRecorded - MealRecipientVoided).';

export function explainOrganizationSummary(filter: ScopeFilter): ExplainRequest {
  return {
    filter,
    kinds: ALL_SUBJECT_KINDS,
    note: `The events of every activity counted in the scope and period, in log order. courseSessions and attendances: ${SESSIONS_NOTE} ${SUMMARY_NOTE}`,
  };
}

export function explainTrips(filter: ScopeFilter): ExplainRequest {
  return { filter, kinds: ['trip'], note: `The events of every recuperation trip counted in the scope and period, in log order. ${TRIPS_NOTE}` };
}

export function explainCooling(filter: ScopeFilter): ExplainRequest {
  return {
    filter,
    kinds: ['coolingDelivery', 'coolingEquipment'],
    note: `The events of every cooling delivery and installation counted in the scope and period, in log order. ${COOLING_NOTE}`,
  };
}

export function explainProgramme(filter: ScopeFilter, intakeId: string | undefined): ExplainRequest {
  return {
    filter,
    kinds: ['programmeApplication'],
    narrowing: intakeId === undefined ? undefined : { intakeId },
    note:
      `The events of every programme application${intakeId ? ` to intake ${intakeId}` : ''} counted in the scope and period, ` +
      `in log order. ${PROGRAMME_NOTE}`,
  };
}

const BANDS_NOTE = 'bands: per person, the attendances that count (below); 1, 2-3, 4-9 or 10 and more of them.';

/** The sessions of one course, or of the courses assigned to a brand as the read model stood at upToPosition. */
function explainSessionsOf(filter: ScopeFilter, narrowing: { courseId: string } | { brandId: string }, ...notes: string[]): ExplainRequest {
  const whose =
    'courseId' in narrowing
      ? `course ${narrowing.courseId}`
      : `the courses assigned to brand ${narrowing.brandId} (CourseAssignedToBrand not undone by CourseRemovedFromBrand) at upToPosition`;
  return {
    filter,
    kinds: ['session'],
    narrowing,
    note: [`The events of every session of ${whose} counted in the scope and period, in log order.`, ...notes, SESSIONS_NOTE].join(' '),
  };
}

export function explainBrand(filter: ScopeFilter, brandId: string): ExplainRequest {
  return explainSessionsOf(filter, { brandId });
}

/** Bands count attendances only; across every course, multiServicePeople counts every identified use of a service too. */
export function explainFrequency(filter: ScopeFilter, only: { courseId?: string; brandId?: string }): ExplainRequest {
  // The course wins over the brand, as in the frequency query.
  if (only.courseId !== undefined) return explainSessionsOf(filter, { courseId: only.courseId }, BANDS_NOTE);
  if (only.brandId !== undefined) return explainSessionsOf(filter, { brandId: only.brandId }, BANDS_NOTE);
  return {
    filter,
    kinds: SERVICE_USE_KINDS,
    note:
      'The events of every session, and of every service used by identified people, counted in the scope and period, in log order. ' +
      `${BANDS_NOTE} ${SESSIONS_NOTE} ${SERVICE_USES_NOTE}`,
  };
}

/**
 * A target's actual is the organisation summary's figure of its measure over the organisation's
 * subtree in the year, as targetProgress (targets.query.ts) asks for it: only the subjects of the
 * measures that have a target are listed.
 */
export function explainTargets(target: { organizationId: string; year: string; tree: Tree }, measures: readonly string[]): ExplainRequest {
  const kinds = new Set(measures.flatMap((measure) => MEASURE_SUBJECT_KINDS[measure as TargetMeasure] ?? []));
  return {
    filter: { organizationId: target.organizationId, subtree: true, tree: target.tree, from: `${target.year}-01-01`, to: `${target.year}-12-31` },
    kinds: [...kinds],
    note:
      `The events of every activity counted by the measures with a target (${measures.join(', ') || 'none'}) over the subtree ` +
      `in ${target.year}, in log order. actual is the organisation summary's figure of the same name. ${SESSIONS_NOTE} ${TRIPS_NOTE} ${SUMMARY_NOTE}`,
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
  /** List only the events after this position (what changed the figures since then); all are still read. */
  after?: LogPosition,
): Promise<Explanation> {
  const note = request.note;
  if (!upTo) return { upToPosition: '0', events: [], truncated: false, note };

  const learned = new SubjectTracker();
  for await (const event of logUpTo(store, upTo)) learned.apply(event);
  const wanted = subjectsInScope(
    learned.subjects,
    request.kinds,
    await scopeTest(run, request.filter),
    await narrowingTest(run, request.narrowing),
  );

  const listing = new SubjectTracker();
  const events: AuditedEvent[] = [];
  let truncated = false;
  for await (const event of logUpTo(store, upTo)) {
    const subject = listing.apply(event);
    if (!subject || !wanted.has(subject.id)) continue;
    if (after && comparePositions(event.position, after) <= 0) continue;
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
