import { randomUUID } from 'node:crypto';
import { NewEvent } from '../libs/event-store/src/event-store.port';
import { LedgerEvent } from '../libs/domain/src/ledger-events';
import { MEMBER_CHANNELS, WORKER_CATEGORIES } from '../libs/domain/src/membership/membership.events';
import { metadata, prng } from './support';

/**
 * A generated ledger of exactly `total` events of the kinds the participation projection counts:
 * an organisation tree (federation → 6 districts → 30 streets → 120 grassroots unions), 400
 * courses, then, shuffled in time, course sessions with their attendances (the bulk of the log,
 * a few voided), free clinics, meal servings (a few corrected) and members joining (a few voided).
 * It also computes, independently of the projection, the figures the read model must show.
 */

export interface StreamAppend {
  readonly stream: string;
  readonly events: NewEvent[];
}

export interface ExpectedFigures {
  organizations: number;
  courses: number;
  courseSessions: number;
  attendances: number;
  distinctParticipants: number;
  clinics: number;
  workersServed: number;
  mealServings: number;
  meals: number;
  membersJoined: number;
  /** Attendances counted in each district's subtree: checks the organisations' materialised paths. */
  attendancesByDistrict: Record<string, number>;
}

export interface GeneratedLedger {
  /** Appended phase after phase: parents before children, courses before their sessions. */
  readonly phases: StreamAppend[][];
  readonly eventCount: number;
  readonly eventsByType: Record<string, number>;
  readonly expected: ExpectedFigures;
  readonly federation: string;
  /** Every organisation of the tree, parents first: what the query-latency bench asks about. */
  readonly organizationIds: string[];
}

const CATEGORIES = ['art', 'law', 'skills', 'health', 'finance', 'culture'];
const PARTICIPANT_POOL = 25_000;
const COURSES = 400;
const CLINICS = 1_200;
const MEAL_SERVINGS = 1_800;
const MEMBERS = 3_000;

export function generateLedger(total: number, seed = 20240304): GeneratedLedger {
  const random = prng(seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const day = (offset: number) => new Date(Date.UTC(2023, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
  const someDate = () => day(int(0, 730));

  const eventsByType: Record<string, number> = {};
  let eventCount = 0;
  const event = (e: LedgerEvent): NewEvent => {
    eventsByType[e.type] = (eventsByType[e.type] ?? 0) + 1;
    eventCount++;
    return { id: randomUUID(), type: e.type, data: e.data, metadata: metadata() };
  };

  const expected: ExpectedFigures = {
    organizations: 0, courses: 0, courseSessions: 0, attendances: 0, distinctParticipants: 0, clinics: 0,
    workersServed: 0, mealServings: 0, meals: 0, membersJoined: 0, attendancesByDistrict: {},
  };
  const districtOf = new Map<string, string>();

  // Organisations, parents first.
  const federation = 'bj-federation';
  const organizations: StreamAppend[] = [];
  const organizationIds: string[] = [];
  const register = (organizationId: string, name: string, level: 'federation' | 'district' | 'street' | 'grassroots', parentId: string | null) => {
    organizationIds.push(organizationId);
    organizations.push({
      stream: `organization-${organizationId}`,
      events: [event({ type: 'OrganizationRegistered', data: { organizationId, name, level, parentId } })],
    });
    expected.organizations++;
  };
  register(federation, '北京市总工会 Beijing Federation of Trade Unions', 'federation', null);
  const districts: string[] = [];
  const streets: string[] = [];
  const grassroots: string[] = [];
  for (let d = 1; d <= 6; d++) {
    const district = `district-${d}`;
    districts.push(district);
    expected.attendancesByDistrict[district] = 0;
    register(district, `区总工会 District ${d} Union`, 'district', federation);
  }
  for (const district of districts) {
    for (let s = 1; s <= 5; s++) {
      const street = `${district}-street-${s}`;
      streets.push(street);
      districtOf.set(street, district);
      register(street, `街道总工会 Street ${s} Union`, 'street', district);
    }
  }
  for (const street of streets) {
    for (let g = 1; g <= 4; g++) {
      const union = `${street}-union-${g}`;
      grassroots.push(union);
      districtOf.set(union, districtOf.get(street)!);
      register(union, `基层工会 Grassroots Union ${g}`, 'grassroots', street);
    }
  }
  const serving = [...streets, ...grassroots];

  // Courses.
  const courses: Array<{ courseId: string; organizationId: string; sessions: number }> = [];
  const courseAppends: StreamAppend[] = [];
  for (let c = 1; c <= COURSES; c++) {
    const course = { courseId: `course-${c}`, organizationId: pick(serving), sessions: 0 };
    courses.push(course);
    courseAppends.push({
      stream: `course-${course.courseId}`,
      events: [
        event({
          type: 'CourseRegistered',
          data: { courseId: course.courseId, organizationId: course.organizationId, name: `午间课堂 Lunchtime class ${c}`, category: pick(CATEGORIES) },
        }),
      ],
    });
    expected.courses++;
  }

  // Clinics, meals and members: fixed numbers; sessions and attendances fill the rest of the log.
  const activity: StreamAppend[] = [];
  for (let i = 1; i <= CLINICS; i++) {
    const clinicId = `clinic-${i}`;
    const workersServed = int(5, 200);
    activity.push({
      stream: `clinic-${clinicId}`,
      events: [
        event({
          type: 'ClinicHeld',
          data: {
            clinicId, organizationId: pick(serving), venue: '职工之家 Workers’ Home', date: someDate(),
            services: ['legal advice 法律咨询', 'blood pressure check 量血压'], workersServed, targetGroups: ['delivery riders 外卖骑手'],
          },
        }),
      ],
    });
    expected.clinics++;
    expected.workersServed += workersServed;
  }
  for (let i = 1; i <= MEAL_SERVINGS; i++) {
    const mealId = `meal-${i}`;
    const meals = int(20, 150);
    const events = [
      event({
        type: 'MealServed',
        data: { mealId, organizationId: pick(serving), partner: '爱心餐厅 partner restaurant', date: someDate(), meals, recipientGroup: 'sanitation workers 环卫工人' },
      }),
    ];
    let counted = meals;
    if (random() < 0.05) {
      counted = meals - int(1, 10);
      events.push(event({ type: 'MealCountCorrected', data: { mealId, meals: counted, previousMeals: meals, reason: 'counted twice' } }));
    }
    activity.push({ stream: `meal-${mealId}`, events });
    expected.mealServings++;
    expected.meals += counted;
  }
  for (let i = 1; i <= MEMBERS; i++) {
    const organizationId = pick(serving);
    const workerId = `m-${i}`;
    const events = [
      event({ type: 'MemberJoined', data: { organizationId, workerId, date: someDate(), channel: pick(MEMBER_CHANNELS), category: pick(WORKER_CATEGORIES) } }),
    ];
    if (random() < 0.01) events.push(event({ type: 'MembershipVoided', data: { organizationId, workerId, reason: 'recorded by mistake' } }));
    else expected.membersJoined++;
    activity.push({ stream: `membership-${organizationId}/${workerId}`, events });
  }

  const participants = new Set<string>();
  while (eventCount < total) {
    const course = pick(courses);
    const sessionId = `s-${++course.sessions}`;
    const date = someDate();
    const room = total - eventCount - 1;
    const attendees = new Set<string>();
    const wanted = Math.min(int(6, 30), room);
    while (attendees.size < wanted) attendees.add(`w-${int(1, PARTICIPANT_POOL)}`);
    const events = [event({ type: 'CourseSessionHeld', data: { courseId: course.courseId, sessionId, date, venue: '职工之家' } })];
    for (const participantId of attendees) {
      events.push(event({ type: 'CourseSessionAttended', data: { courseId: course.courseId, sessionId, participantId } }));
    }
    if (attendees.size >= 2 && eventCount < total && random() < 0.05) {
      const participantId = attendees.values().next().value!;
      events.push(event({ type: 'AttendanceVoided', data: { courseId: course.courseId, sessionId, participantId, reason: 'wrong session' } }));
      attendees.delete(participantId);
    }
    activity.push({ stream: `course_session-${course.courseId}/${sessionId}`, events });
    expected.courseSessions++;
    expected.attendances += attendees.size;
    expected.attendancesByDistrict[districtOf.get(course.organizationId)!] += attendees.size;
    for (const participantId of attendees) participants.add(participantId);
  }
  expected.distinctParticipants = participants.size;

  // Shuffle the activity, as a year of recording would interleave it.
  for (let i = activity.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [activity[i], activity[j]] = [activity[j], activity[i]];
  }
  return { phases: [organizations, courseAppends, activity], eventCount, eventsByType, expected, federation, organizationIds };
}
