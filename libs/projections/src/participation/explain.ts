import { StoredEvent } from '../../../event-store/src/event-store.port';
import { LedgerEvent } from '../../../domain/src/ledger-events';
import { TargetMeasure } from '../../../domain/src/target/target.events';
import { FOREVER_TO, QueryRunner, ScopeFilter } from './scope';

/**
 * Which events a participation figure was counted from.
 *
 * The read model keeps no event ids, so the events are found by their subject: a course session
 * (with its attendances), a clinic (with its visitors), a meal (with its recipients), a member, a
 * trip (with its participants), a cooling delivery or installation, a feedback visit, a programme
 * application. Each subject is one row of a fact table with an organisation and a date, exactly as
 * participation.projection.ts writes it; the events that insert, correct or delete that row are the
 * subject's events. A subject is in the explanation when its row, as the log left it, is in the
 * query's scope; a deleted row (a voided session, a voided joining) is judged as it stood when it
 * was deleted, so that the auditor sees what was cancelled and not only what is left.
 */
export type SubjectKind =
  | 'session'
  | 'clinic'
  | 'meal'
  | 'member'
  | 'trip'
  | 'coolingDelivery'
  | 'coolingEquipment'
  | 'feedback'
  | 'programmeApplication';

/** Every subject kind: what the organisation summary counts. */
export const ALL_SUBJECT_KINDS: readonly SubjectKind[] = [
  'session',
  'clinic',
  'meal',
  'member',
  'trip',
  'coolingDelivery',
  'coolingEquipment',
  'feedback',
  'programmeApplication',
];

/** The services a person can be identified using: the rows of person_service_uses, behind multiServicePeople. */
export const SERVICE_USE_KINDS: readonly SubjectKind[] = ['session', 'clinic', 'meal', 'member', 'trip', 'programmeApplication'];

/**
 * Which subjects each target measure is counted from: a target's actual is the organisation
 * summary's figure of the same name, and these are the rows that figure sums.
 */
export const MEASURE_SUBJECT_KINDS: Readonly<Record<TargetMeasure, readonly SubjectKind[]>> = {
  tripParticipants: ['trip'],
  tripPersonDays: ['trip'],
  meals: ['meal'],
  clinics: ['clinic'],
  workersServed: ['clinic'],
  courseSessions: ['session'],
  attendances: ['session'],
  distinctParticipants: ['session'],
  membersJoined: ['member'],
  coolingWorkersReached: ['coolingDelivery'],
  programmeAdmissions: ['programmeApplication'],
};

/** One lifetime of a row: from the event that inserted it to the one that deleted it, if any. */
export interface Subject {
  /** The row's key and which lifetime of it: a worker who rejoins after a voided joining is a new row. */
  readonly id: string;
  readonly kind: SubjectKind;
  readonly organizationId: string;
  /** The date the scope's period selects on, after every correction of it. */
  date: string;
  /** A session's course, an application's intake: what a query for one course, brand or intake selects on. */
  readonly courseId?: string;
  readonly intakeId?: string;
}

/** What an event does to its subject's row. */
type Change =
  | ({ readonly does: 'insert'; readonly key: string } & Omit<Subject, 'id'>)
  | { readonly does: 'update'; readonly key: string; readonly date?: string }
  | { readonly does: 'delete'; readonly key: string };

/**
 * Follows the log as the projection does, one event at a time, and says which subject each event
 * changed. Two trackers fed the same events give the same subject ids: a first pass learns where
 * every subject ended up, a second pass picks the events of the subjects in scope.
 */
export class SubjectTracker {
  private readonly courseOwners = new Map<string, string>();
  private readonly live = new Map<string, Subject>();
  private readonly lifetimes = new Map<string, number>();
  private readonly seen: Subject[] = [];

  /** Every subject so far, deleted ones included. */
  get subjects(): readonly Subject[] {
    return this.seen;
  }

  /** The subject the event changed; undefined when the projection changed no counted row with it. */
  apply(stored: Pick<StoredEvent, 'type' | 'data'>): Subject | undefined {
    const change = this.changeOf({ type: stored.type, data: stored.data } as LedgerEvent);
    if (!change) return undefined;
    const current = this.live.get(change.key);
    if (change.does === 'insert') {
      // ON CONFLICT DO NOTHING: a second insert of a live row changes nothing.
      if (current) return undefined;
      const lifetime = (this.lifetimes.get(change.key) ?? 0) + 1;
      this.lifetimes.set(change.key, lifetime);
      const { does: _insert, key, ...row } = change;
      const subject: Subject = { id: `${key}#${lifetime}`, ...row };
      this.live.set(change.key, subject);
      this.seen.push(subject);
      return subject;
    }
    // An update or delete of a row that is not there changes nothing.
    if (!current) return undefined;
    if (change.does === 'delete') this.live.delete(change.key);
    else if (change.date !== undefined) current.date = change.date;
    return current;
  }

  private changeOf(event: LedgerEvent): Change | undefined {
    switch (event.type) {
      case 'CourseRegistered':
        // Not a counted row, but it says whose sessions the course's are.
        if (!this.courseOwners.has(event.data.courseId)) this.courseOwners.set(event.data.courseId, event.data.organizationId);
        return undefined;
      case 'CourseSessionHeld': {
        const organizationId = this.courseOwners.get(event.data.courseId);
        const key = sessionKey(event.data);
        // The projection inserts a session only under a course it knows.
        return organizationId === undefined
          ? undefined
          : { does: 'insert', kind: 'session', key, organizationId, date: event.data.date, courseId: event.data.courseId };
      }
      case 'CourseSessionAttended':
      case 'AttendanceVoided':
        return { does: 'update', key: sessionKey(event.data) };
      case 'CourseSessionVoided':
        return { does: 'delete', key: sessionKey(event.data) };
      case 'ClinicHeld':
        return { does: 'insert', kind: 'clinic', key: `clinic:${event.data.clinicId}`, organizationId: event.data.organizationId, date: event.data.date };
      case 'ClinicCorrected':
        return { does: 'update', key: `clinic:${event.data.clinicId}`, date: event.data.date };
      case 'ClinicVisitorsRecorded':
        return { does: 'update', key: `clinic:${event.data.clinicId}` };
      case 'MealServed':
        return { does: 'insert', kind: 'meal', key: `meal:${event.data.mealId}`, organizationId: event.data.organizationId, date: event.data.date };
      case 'MealCountCorrected':
      case 'MealRecipientsRecorded':
      case 'MealRecipientVoided':
        return { does: 'update', key: `meal:${event.data.mealId}` };
      case 'MemberJoined':
        return { does: 'insert', kind: 'member', key: memberKey(event.data), organizationId: event.data.organizationId, date: event.data.date };
      case 'MembershipVoided':
        return { does: 'delete', key: memberKey(event.data) };
      case 'RecuperationTripOrganized':
        return { does: 'insert', kind: 'trip', key: `trip:${event.data.tripId}`, organizationId: event.data.organizationId, date: event.data.startDate };
      case 'RecuperationTripCorrected':
        return { does: 'update', key: `trip:${event.data.tripId}`, date: event.data.startDate };
      case 'TripParticipationRecorded':
      case 'TripParticipationVoided':
        return { does: 'update', key: `trip:${event.data.tripId}` };
      case 'CoolingSuppliesDelivered':
        return {
          does: 'insert',
          kind: 'coolingDelivery',
          key: `cooling-delivery:${event.data.deliveryId}`,
          organizationId: event.data.organizationId,
          date: event.data.date,
        };
      case 'CoolingSuppliesDeliveryCorrected':
        return { does: 'update', key: `cooling-delivery:${event.data.deliveryId}`, date: event.data.date };
      case 'CoolingEquipmentInstalled':
        return {
          does: 'insert',
          kind: 'coolingEquipment',
          key: `cooling-equipment:${event.data.installationId}`,
          organizationId: event.data.organizationId,
          date: event.data.date,
        };
      case 'CoolingEquipmentInstallationCorrected':
        return { does: 'update', key: `cooling-equipment:${event.data.installationId}`, date: event.data.date };
      case 'WorkerFeedbackRecorded':
        return { does: 'insert', kind: 'feedback', key: `feedback:${event.data.feedbackId}`, organizationId: event.data.organizationId, date: event.data.date };
      case 'WorkerFeedbackCorrected':
        return { does: 'update', key: `feedback:${event.data.feedbackId}` };
      case 'ProgrammeApplicationRecorded':
        // Counted under the union that recommended the applicant, as the projection does.
        return {
          does: 'insert',
          kind: 'programmeApplication',
          key: applicationKey(event.data),
          organizationId: event.data.recommendingOrganizationId,
          date: event.data.date,
          intakeId: event.data.intakeId,
        };
      case 'ProgrammeAdmissionRecorded':
      case 'ProgrammeAdmissionVoided':
        return { does: 'update', key: applicationKey(event.data) };
      case 'ProgrammeApplicationVoided':
        return { does: 'delete', key: applicationKey(event.data) };
      default:
        return undefined; // the tree, names, brands, intakes, targets, reports: no counted row
    }
  }
}

const sessionKey = ({ courseId, sessionId }: { courseId: string; sessionId: string }) => `session:${courseId}/${sessionId}`;
const memberKey = ({ organizationId, workerId }: { organizationId: string; workerId: string }) => `member:${organizationId}/${workerId}`;
const applicationKey = ({ intakeId, applicantId }: { intakeId: string; applicantId: string }) => `application:${intakeId}/${applicantId}`;

/** Whether a row of this organisation and date is in the scope and period. */
export type InScope = (organizationId: string, date: string) => boolean;

/**
 * The scope and period of a query as a test of one row, the same test scopeCondition (scope.ts)
 * puts in SQL, read from the read model's own tree: the dated ancestry, or today's subtree.
 */
export async function scopeTest(run: QueryRunner, filter: ScopeFilter): Promise<InScope> {
  const from = filter.from ?? '0000-01-01';
  const to = filter.to ?? FOREVER_TO;
  const inPeriod = (date: string) => from <= date && date <= to;
  const { organizationId } = filter;
  if (organizationId === undefined) return (_organization, date) => inPeriod(date);
  if (!filter.subtree) return (organization, date) => organization === organizationId && inPeriod(date);

  const ancestry = await run<{ organizationId: string; validFrom: string; validTo: string }>(
    `SELECT organization_id AS "organizationId", valid_from AS "validFrom", valid_to AS "validTo"
     FROM organization_ancestry WHERE ancestor_id = ?`,
    [organizationId],
  );
  if (filter.tree === 'current') {
    const today = new Set(ancestry.filter((link) => link.validTo === FOREVER_TO).map((link) => link.organizationId));
    return (organization, date) => today.has(organization) && inPeriod(date);
  }
  const periodsUnder = new Map<string, Array<{ validFrom: string; validTo: string }>>();
  for (const link of ancestry) periodsUnder.set(link.organizationId, [...(periodsUnder.get(link.organizationId) ?? []), link]);
  // Under the root on the row's date: the ancestry held from valid_from up to (not including) valid_to.
  return (organization, date) =>
    inPeriod(date) && (periodsUnder.get(organization) ?? []).some((link) => link.validFrom <= date && date < link.validTo);
}

/** What a query selects beyond its scope and period: one course, the courses of one brand, or one intake. */
export type Narrowing = { readonly courseId: string } | { readonly brandId: string } | { readonly intakeId: string };

export type Narrowed = (subject: Subject) => boolean;

/**
 * A narrowing as a test of one subject, the same condition the query puts in SQL. A brand's courses
 * are read from the read model, as the query reads them: the assignments as they stand at its position.
 */
export async function narrowingTest(run: QueryRunner, narrowing: Narrowing | undefined): Promise<Narrowed> {
  if (narrowing === undefined) return () => true;
  if ('intakeId' in narrowing) return (subject) => subject.intakeId === narrowing.intakeId;
  if ('courseId' in narrowing) return (subject) => subject.courseId === narrowing.courseId;
  const courses = await run<{ id: string }>('SELECT id FROM courses WHERE brand_id = ?', [narrowing.brandId]);
  const inBrand = new Set(courses.map((course) => course.id));
  return (subject) => subject.courseId !== undefined && inBrand.has(subject.courseId);
}

/** The ids of the subjects of these kinds whose rows are (or, deleted, were) in scope, and that the narrowing keeps. */
export function subjectsInScope(
  subjects: readonly Subject[],
  kinds: readonly SubjectKind[],
  inScope: InScope,
  narrowed: Narrowed = () => true,
): Set<string> {
  const wanted = new Set(kinds);
  return new Set(subjects.filter((s) => wanted.has(s.kind) && inScope(s.organizationId, s.date) && narrowed(s)).map((s) => s.id));
}
