import { streams } from '../../apps/api/src/write/streams';
import { canonicalJson } from '../../libs/audit/src/canonical-json';
import { contentHashOf } from '../../libs/audit/src/content-hash';
import { clinicDecider } from '../../libs/domain/src/clinic/clinic.decider';
import { ClinicState } from '../../libs/domain/src/clinic/clinic.events';
import { coolingDeliveryDecider } from '../../libs/domain/src/cooling-delivery/cooling-delivery.decider';
import { courseSessionDecider } from '../../libs/domain/src/course-session/course-session.decider';
import { CourseSessionState } from '../../libs/domain/src/course-session/course-session.events';
import { courseDecider } from '../../libs/domain/src/course/course.decider';
import { CourseState } from '../../libs/domain/src/course/course.events';
import { EVENT_SCHEMA_VERSIONS, LedgerEvent } from '../../libs/domain/src/ledger-events';
import { mealDecider } from '../../libs/domain/src/meal/meal.decider';
import { MealState } from '../../libs/domain/src/meal/meal.events';
import { membershipDecider } from '../../libs/domain/src/membership/membership.decider';
import { MembershipState } from '../../libs/domain/src/membership/membership.events';
import { organizationDecider } from '../../libs/domain/src/organization/organization.decider';
import { OrganizationState } from '../../libs/domain/src/organization/organization.events';
import { recuperationTripDecider } from '../../libs/domain/src/recuperation-trip/recuperation-trip.decider';
import { RecuperationTripState } from '../../libs/domain/src/recuperation-trip/recuperation-trip.events';
import { Decider, DomainEvent } from '../../libs/domain/src/shared/decider';
import { dateIn } from '../../libs/domain/src/shared/values';
import { CityAppend, CityExpected, CityYear, REGULAR_MIN } from './city-generator';

/**
 * The generator checked against the application's own rules, on a small city (every append of it):
 *
 * - the same seed and size give the same appends, byte for byte;
 * - each append is what CommandExecutor would have appended: the command the API would have sent
 *   for it is decided by the aggregate's decider, on the state its stream's earlier events fold
 *   to and the states the handler looks up (the parent organisation, the course), with "today"
 *   taken from recordedAt in Asia/Shanghai, and the decided events must equal the appended ones;
 *   the expected revision is the stream's, the stream name is the one streams.ts gives, the
 *   metadata carries contentHash = contentHashOf(event), the schema version, a UUIDv7 id stamped
 *   with recordedAt, one correlation id per append; recordedAt never goes back in time;
 * - the generator's expected figures equal the ones counted from the folded states at the end
 *   (sessions held, attendances, distinct participants, meals, members...), a second count that
 *   shares no code with the first.
 *
 * Answers the problems found (empty when none).
 */
export function checkCity(options: { events: number; seed: number }): { problems: string[]; appends: number; events: number } {
  const problems: string[] = [];
  const first = new CityYear(options);
  const second = new CityYear(options)[Symbol.iterator]();
  const check = new DeciderCheck();
  let appends = 0;
  for (const append of first) {
    const twin = second.next();
    if (twin.done || json(twin.value) !== json(append)) {
      problems.push(`append ${appends}: the same seed gave a different append the second time`);
      break;
    }
    appends++;
    check.append(append);
    if (check.problems.length > 20) break;
  }
  problems.push(...check.problems);
  if (problems.length === 0) problems.push(...check.compare(first.expected()));
  return { problems, appends, events: check.events };
}

/** The first `count` appends of a city of this size, twice from the same seed: identical? */
export function sameFirstAppends(options: { events: number; seed: number }, count: number): boolean {
  const a = new CityYear(options)[Symbol.iterator]();
  const b = new CityYear(options)[Symbol.iterator]();
  for (let i = 0; i < count; i++) {
    const x = a.next();
    const y = b.next();
    if (x.done !== y.done || (!x.done && json(x.value) !== json(y!.value as CityAppend))) return false;
    if (x.done) return true;
  }
  return true;
}

const json = (append: CityAppend) => JSON.stringify(append, (_key, value) => (typeof value === 'bigint' ? `${value}n` : value));

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

class DeciderCheck {
  readonly problems: string[] = [];
  events = 0;
  private readonly states = new Map<string, unknown>();
  private readonly revisions = new Map<string, number>();
  private lastRecordedAt = '';

  append(append: CityAppend): void {
    const where = `${append.stream} (event ${this.events + 1})`;
    try {
      this.metadata(append, where);
      this.decide(append, where);
    } catch (error) {
      this.problems.push(`${where}: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.events += append.events.length;
  }

  private metadata(append: CityAppend, where: string): void {
    const revision = this.revisions.get(append.stream);
    const expected = revision === undefined ? 'no_stream' : BigInt(revision);
    if (append.expectedRevision !== expected) this.problems.push(`${where}: expected revision ${append.expectedRevision}, the stream is at ${expected}`);
    this.revisions.set(append.stream, (revision ?? -1) + append.events.length);
    const { correlationId, causationId, recordedAt } = append.events[0].metadata;
    if (recordedAt < this.lastRecordedAt) this.problems.push(`${where}: recorded at ${recordedAt}, before the append before it (${this.lastRecordedAt})`);
    this.lastRecordedAt = recordedAt;
    for (const event of append.events) {
      const { metadata } = event;
      if (metadata.contentHash !== contentHashOf(event)) this.problems.push(`${where}: contentHash is not contentHashOf(event)`);
      if (metadata.schemaVersion !== EVENT_SCHEMA_VERSIONS[event.type as LedgerEvent['type']]) this.problems.push(`${where}: schema version of ${event.type}`);
      if (metadata.correlationId !== correlationId || metadata.causationId !== causationId || metadata.recordedAt !== recordedAt) {
        this.problems.push(`${where}: one command's events carry different metadata`);
      }
      if (!metadata.actor.startsWith('tok-')) this.problems.push(`${where}: actor ${metadata.actor} is not a token id`);
      const stamped = parseInt(event.id.replace(/-/g, '').slice(0, 12), 16);
      if (!UUID_V7.test(event.id) || stamped !== Date.parse(recordedAt)) this.problems.push(`${where}: id ${event.id} is not a UUIDv7 of recordedAt`);
    }
  }

  /** The command the API would have sent for this append, decided on the states as they stand. */
  private decide(append: CityAppend, where: string): void {
    const events = append.events.map((e) => ({ type: e.type, data: e.data }) as LedgerEvent);
    const today = dateIn('Asia/Shanghai', new Date(append.events[0].metadata.recordedAt));
    const organization = (id: string) => this.state<OrganizationState>(streams.organization(id), organizationDecider.initialState);
    const e = events[0];
    const run = <C, E extends DomainEvent, S>(decider: Decider<C, E, S>, stream: string, command: C) => {
      if (stream !== append.stream) throw new Error(`the API appends this command to ${stream}`);
      const state = this.state<S>(stream, decider.initialState);
      const decided = decider.decide(command, state, { today });
      if (canonicalJson(decided) !== canonicalJson(events)) {
        throw new Error(`the decider makes ${canonicalJson(decided).slice(0, 300)} of this command, the log holds ${canonicalJson(events).slice(0, 300)}`);
      }
      this.states.set(stream, (events as unknown as E[]).reduce(decider.evolve, state));
    };
    const sameType = events.every((x) => x.type === e.type);
    if (!sameType) throw new Error('one append holds events of different types');
    switch (e.type) {
      case 'OrganizationRegistered':
        return run(organizationDecider, streams.organization(e.data.organizationId), {
          type: 'RegisterOrganization',
          data: e.data,
          parent: e.data.parentId === null ? null : organization(e.data.parentId),
        });
      case 'OrganizationMoved': {
        const newParent = organization(e.data.toParentId);
        const ancestors: string[] = [];
        for (let s = newParent; s.status === 'registered' && s.parentId !== null; s = organization(s.parentId)) ancestors.push(s.parentId);
        return run(organizationDecider, streams.organization(e.data.organizationId), {
          type: 'MoveOrganization',
          data: { organizationId: e.data.organizationId, newParentId: e.data.toParentId, effectiveDate: e.data.effectiveDate },
          newParent,
          newParentAncestors: ancestors,
        });
      }
      case 'CourseRegistered':
        return run(courseDecider, streams.course(e.data.courseId), { type: 'RegisterCourse', data: e.data, organization: organization(e.data.organizationId) });
      case 'CourseSessionHeld':
        return run(courseSessionDecider, streams.courseSession(e.data.courseId, e.data.sessionId), {
          type: 'HoldCourseSession',
          data: e.data,
          course: this.state<CourseState>(streams.course(e.data.courseId), courseDecider.initialState),
        });
      case 'CourseSessionAttended':
        return run(courseSessionDecider, streams.courseSession(e.data.courseId, e.data.sessionId), {
          type: 'RecordAttendance',
          data: { courseId: e.data.courseId, sessionId: e.data.sessionId, participantIds: events.map((x) => (x.data as { participantId: string }).participantId) },
        });
      case 'AttendanceVoided':
        return run(courseSessionDecider, streams.courseSession(e.data.courseId, e.data.sessionId), { type: 'VoidAttendance', data: e.data });
      case 'CourseSessionVoided':
        return run(courseSessionDecider, streams.courseSession(e.data.courseId, e.data.sessionId), { type: 'VoidCourseSession', data: e.data });
      case 'ClinicHeld':
        return run(clinicDecider, streams.clinic(e.data.clinicId), { type: 'RecordClinic', data: e.data, organization: organization(e.data.organizationId) });
      case 'ClinicVisitorsRecorded':
        return run(clinicDecider, streams.clinic(e.data.clinicId), { type: 'RecordClinicVisitors', data: e.data });
      case 'MealServed':
        return run(mealDecider, streams.meal(e.data.mealId), { type: 'RecordMealsServed', data: e.data, organization: organization(e.data.organizationId) });
      case 'MealCountCorrected':
        return run(mealDecider, streams.meal(e.data.mealId), { type: 'CorrectMealCount', data: { mealId: e.data.mealId, meals: e.data.meals, reason: e.data.reason } });
      case 'MealRecipientsRecorded':
        return run(mealDecider, streams.meal(e.data.mealId), { type: 'RecordMealRecipients', data: e.data });
      case 'MealRecipientVoided':
        return run(mealDecider, streams.meal(e.data.mealId), { type: 'VoidMealRecipient', data: e.data });
      case 'MemberJoined':
        return run(membershipDecider, streams.membership(e.data.organizationId, e.data.workerId), {
          type: 'RecordMemberJoined',
          data: e.data,
          organization: organization(e.data.organizationId),
        });
      case 'MembershipVoided':
        return run(membershipDecider, streams.membership(e.data.organizationId, e.data.workerId), { type: 'VoidMembership', data: e.data });
      case 'RecuperationTripOrganized':
        return run(recuperationTripDecider, streams.recuperationTrip(e.data.tripId), {
          type: 'OrganizeRecuperationTrip',
          data: e.data,
          organization: organization(e.data.organizationId),
        });
      case 'TripParticipationRecorded':
        return run(recuperationTripDecider, streams.recuperationTrip(e.data.tripId), {
          type: 'RecordTripParticipation',
          data: {
            tripId: e.data.tripId,
            participants: events.map((x) => {
              const { participantId, eligibilityCategory } = x.data as { participantId: string; eligibilityCategory: string };
              return { participantId, eligibilityCategory };
            }),
          },
        });
      case 'TripParticipationVoided':
        return run(recuperationTripDecider, streams.recuperationTrip(e.data.tripId), { type: 'VoidTripParticipation', data: e.data });
      case 'CoolingSuppliesDelivered':
        return run(coolingDeliveryDecider, streams.coolingDelivery(e.data.deliveryId), {
          type: 'RecordCoolingSuppliesDelivered',
          data: e.data,
          organization: organization(e.data.organizationId),
        });
      default:
        throw new Error(`${where}: the check knows no command that records ${e.type}`);
    }
  }

  private state<S>(stream: string, initial: S): S {
    return (this.states.get(stream) as S | undefined) ?? initial;
  }

  /** The generator's figures against the ones the folded states give. */
  compare(expected: CityExpected): string[] {
    const found = {
      events: this.events,
      organizations: 0, courses: 0, courseSessions: 0, attendances: 0, distinctParticipants: 0, regulars: 0,
      clinics: 0, workersServed: 0, mealServings: 0, meals: 0, membersJoined: 0, trips: 0, tripParticipants: 0,
    };
    const attendancesOf = new Map<string, number>();
    for (const [stream, state] of this.states) {
      const category = stream.slice(0, stream.indexOf('-'));
      if (category === 'organization' && (state as OrganizationState).status === 'registered') found.organizations++;
      if (category === 'course' && (state as CourseState).status === 'registered') found.courses++;
      if (category === 'course_session') {
        const session = state as CourseSessionState;
        if (session.status !== 'held') continue;
        found.courseSessions++;
        found.attendances += session.attendees.size;
        for (const person of session.attendees) attendancesOf.set(person, (attendancesOf.get(person) ?? 0) + 1);
      }
      if (category === 'clinic') {
        found.clinics++;
        found.workersServed += (state as ClinicState & { workersServed: number }).workersServed;
      }
      if (category === 'meal') {
        found.mealServings++;
        found.meals += (state as MealState & { meals: number }).meals;
      }
      if (category === 'membership' && (state as MembershipState).status === 'member') found.membersJoined++;
      if (category === 'recuperation_trip') {
        found.trips++;
        found.tripParticipants += (state as RecuperationTripState & { participants: ReadonlySet<string> }).participants.size;
      }
    }
    found.distinctParticipants = attendancesOf.size;
    found.regulars = [...attendancesOf.values()].filter((n) => n >= REGULAR_MIN).length;
    const byType = Object.values(expected.eventsByType).reduce((a, b) => a + b, 0);
    const problems = byType === expected.events ? [] : [`the events by type add up to ${byType}, not ${expected.events}`];
    for (const [figure, value] of Object.entries(found)) {
      const wanted = expected[figure as keyof typeof found];
      if (value !== wanted) problems.push(`${figure}: the generator expects ${wanted}, the folded log gives ${value}`);
    }
    return problems;
  }
}
