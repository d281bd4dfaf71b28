import { streams } from '../../apps/api/src/write/streams';
import { contentHashOf } from '../../libs/audit/src/content-hash';
import { EVENT_SCHEMA_VERSIONS, LedgerEvent } from '../../libs/domain/src/ledger-events';
import { MemberChannel, WorkerCategory } from '../../libs/domain/src/membership/membership.events';
import { OrganizationLevel } from '../../libs/domain/src/organization/organization.events';
import { groupBy } from '../../libs/domain/src/shared/group-by';
import { ExpectedRevision, NewEvent } from '../../libs/event-store/src/event-store.port';
import { prng } from '../support';

/**
 * A deterministic city-year, generated lazily: the 2024 activity of a city's trade unions, as the
 * API would have recorded it, one append (one command) at a time and in the order of recording.
 *
 * - The tree: 1 federation, 16 districts, 300 streets, 20,000 grassroots unions from 1,000,000
 *   events up (scaled down below that, so that the tree stays about 2% of the log), registered
 *   parents first on 2023-12-01; streets spread over the districts as Beijing's subdistricts are,
 *   grassroots unions over the streets with a long tail.
 * - Courses, mostly at streets and some at grassroots unions, each registered a few days before
 *   its first session; sessions on the course's weekdays (not on public holidays) through 2024,
 *   for a term or to the year's end. Attendance comes from a population of 1,000,000 pseudonymous
 *   workers (fewer below 1,000,000 events): a course's group of regulars, each of whom comes to
 *   most sessions, and drop-ins drawn with a skew, so most people come once and a few often.
 *   The door page records a session's attendance in one to three requests.
 * - Free clinics (some with identified visitors), meal servings (half with identified
 *   recipients), members joining (channel, category), recuperation trips organised weeks ahead
 *   with their participants recorded on the day they leave, cooling deliveries in summer.
 * - Corrections a few days later: voided attendances and sessions, meal counts corrected, meal
 *   recipients and members voided, trip participations voided; and two organisations moved with
 *   an effective date (a street to another district on 2024-07-01, a grassroots union to a street
 *   of another district on 2024-10-08).
 *
 * Every event is what CommandExecutor would append: the stream names of apps/api/src/write/streams.ts,
 * the event types and data of libs/domain, metadata with actor, correlation and causation ids,
 * recordedAt, the schema version and contentHash. Ids (event UUIDv7s included) come from the
 * seeded PRNG, so the same seed and size give the same log, byte for byte.
 *
 * Memory stays bounded whatever the size: the plan (organisations, courses with their regulars,
 * trips) is a few MB, a day's appends are built, sorted by time and handed out, and the expected
 * figures are counters (one small counter per worker of the population).
 */

export interface CityOptions {
  /** The log's approximate size: the activity is planned to it (within about 2%). */
  readonly events: number;
  readonly seed?: number;
}

/** One command's append, as CommandExecutor makes it. */
export interface CityAppend {
  readonly stream: string;
  readonly events: NewEvent[];
  /** The stream's revision when the command was decided: 'no_stream' for a stream's first append. */
  readonly expectedRevision: ExpectedRevision;
  /**
   * Streams the command's handler reads before deciding (the parent organisation, the course):
   * their appends must have committed first. Earlier appends to `stream` itself always must.
   */
  readonly after: readonly string[];
}

export interface CityShape {
  readonly seed: number;
  readonly targetEvents: number;
  readonly federation: string;
  readonly districts: number;
  readonly streets: number;
  readonly grassroots: number;
  readonly population: number;
  readonly courses: number;
  readonly trips: number;
  /** What the query bench asks about: the district with most streets, and its street with most grassroots unions. */
  readonly sampleDistrict: string;
  readonly sampleStreet: string;
  readonly moves: ReadonlyArray<{ organizationId: string; from: string; to: string; effectiveDate: string }>;
}

/** The figures the read model must show for 2024 over the whole city, counted here without SQL. */
export interface CityExpected {
  readonly events: number;
  readonly appends: number;
  readonly eventsByType: Record<string, number>;
  readonly organizations: number;
  readonly courses: number;
  readonly courseSessions: number;
  readonly attendances: number;
  readonly distinctParticipants: number;
  /** People with 4 or more attendances in 2024 (the summary's regularMin = 4). */
  readonly regulars: number;
  /** Of the distinct participants, how many came exactly once. */
  readonly cameOnce: number;
  readonly clinics: number;
  readonly workersServed: number;
  readonly mealServings: number;
  readonly meals: number;
  readonly membersJoined: number;
  readonly trips: number;
  readonly tripParticipants: number;
  readonly tripDistinctParticipants: number;
  readonly coolingDeliveries: number;
  /** Attendances under each district, over the tree as it stood on each session's date. */
  readonly attendancesByDistrict: Record<string, number>;
}

export const DEFAULT_SEED = 20_240_101;
/** regularMin of the organisation summary that the expected `regulars` matches. */
export const REGULAR_MIN = 4;

// ---------------------------------------------------------------------------------------------
// The calendar: day 0 is 2023-12-01 (the tree is registered then), 2024 runs from day 31 to 396.

const DAY0_MS = Date.UTC(2023, 11, 1);
const DAY_MS = 86_400_000;
const LOCAL_OFFSET_MS = 8 * 3_600_000; // Asia/Shanghai, no daylight saving
const FIRST_2024 = 31;
const LAST_DAY = 396;
const DAYS = LAST_DAY + 1;
const DATES = Array.from({ length: DAYS }, (_, d) => new Date(DAY0_MS + d * DAY_MS).toISOString().slice(0, 10));
/** 0 = Monday; 2023-12-01 was a Friday. */
const weekday = (d: number) => (4 + d) % 7;
const HOLIDAYS = new Set(
  [
    '2024-01-01',
    ...range('2024-02-10', 8),
    '2024-04-04', '2024-04-05', '2024-04-06',
    ...range('2024-05-01', 5),
    '2024-06-10',
    '2024-09-15', '2024-09-16', '2024-09-17',
    ...range('2024-10-01', 7),
  ].map(dayOf),
);
const isWorkday = (d: number) => weekday(d) < 5 && !HOLIDAYS.has(d);

function dayOf(date: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - DAY0_MS) / DAY_MS);
}

function range(first: string, days: number): string[] {
  return Array.from({ length: days }, (_, i) => DATES[dayOf(first) + i]);
}

/** Milliseconds since the epoch of day `d` at `seconds` after local midnight. */
const instant = (d: number, seconds: number) => DAY0_MS + d * DAY_MS - LOCAL_OFFSET_MS + Math.round(seconds * 1000);

// ---------------------------------------------------------------------------------------------
// Names and catalogues.

/** Beijing's 16 districts, with their number of subdistricts and towns: the streets' weights. */
const DISTRICTS: ReadonlyArray<readonly [id: string, name: string, streets: number]> = [
  ['dongcheng', '东城区', 17], ['xicheng', '西城区', 15], ['chaoyang', '朝阳区', 43], ['fengtai', '丰台区', 26],
  ['shijingshan', '石景山区', 9], ['haidian', '海淀区', 29], ['mentougou', '门头沟区', 13], ['fangshan', '房山区', 28],
  ['tongzhou', '通州区', 22], ['shunyi', '顺义区', 25], ['changping', '昌平区', 22], ['daxing', '大兴区', 22],
  ['huairou', '怀柔区', 16], ['pinggu', '平谷区', 18], ['miyun', '密云区', 20], ['yanqing', '延庆区', 18],
];
const CORE_DISTRICTS = new Set(['dongcheng', 'xicheng', 'chaoyang', 'haidian', 'fengtai']);

const COURSE_KINDS: ReadonlyArray<readonly [name: string, category: string]> = [
  ['彩绘课 Colour painting', 'art 艺术'], ['书法 Calligraphy', 'art 艺术'], ['午间瑜伽 Lunchtime yoga', 'fitness 健身'],
  ['太极拳 Tai chi', 'fitness 健身'], ['八段锦 Baduanjin', 'fitness 健身'], ['广场舞 Square dance', 'culture 文化'],
  ['合唱 Choir', 'culture 文化'], ['劳动法讲座 Labour law talks', 'law 法律'], ['急救培训 First aid', 'health 健康'],
  ['智能手机课 Smartphone skills', 'skills 技能'], ['电工技能 Electrician skills', 'skills 技能'], ['家庭理财 Household finance', 'finance 理财'],
  ['心理健康 Mental health', 'health 健康'], ['英语角 English corner', 'culture 文化'], ['亲子阅读 Parent-child reading', 'culture 文化'],
];
const VENUES = ['职工之家 Workers’ Home', '社区活动中心 Community centre', '工会会议室 Union meeting room', '户外驿站 Outdoor workers’ station'];
const CLINIC_SERVICES = ['血压 blood pressure', '血糖 blood glucose', '法律咨询 legal advice', '中医体质 TCM constitution', '口腔 dental', '心理疏导 counselling'];
const TARGET_GROUPS = ['新就业形态劳动者 new-form workers', '户外劳动者 outdoor workers', '环卫工人 sanitation workers', '快递员 couriers'];
const MEAL_PARTNERS = ['爱心餐厅 partner restaurant', '社区食堂 community canteen', '单位食堂 works canteen'];
const RECIPIENT_GROUPS = ['外卖骑手 delivery riders', '环卫工人 sanitation workers', '快递员 couriers', '网约车司机 ride-hailing drivers'];
const TRIP_DESTINATIONS = ['北戴河 Beidaihe', '密云水库 Miyun reservoir', '承德 Chengde', '青岛 Qingdao', '黄山 Huangshan', '延庆 Yanqing'];
const TRIP_CATEGORIES = ['劳动模范 model worker', '首席技师 craftsman title holder', '技能大赛获奖者 skills-contest winner', '一线职工 front-line worker'];
const COOLING_ITEMS: ReadonlyArray<readonly [item: string, unit: string]> = [
  ['绿豆汤 mung bean soup', 'bottles'], ['矿泉水 water', 'bottles'], ['藿香正气水 heat-stroke remedy', 'boxes'],
  ['遮阳帽 sun hats', 'pieces'], ['西瓜 watermelons', 'pieces'], ['毛巾 towels', 'pieces'],
];
const CHANNELS: readonly MemberChannel[] = ['online', 'on-site'];
const CATEGORY_WEIGHTS: ReadonlyArray<readonly [WorkerCategory, number]> = [
  ['new-form-worker', 0.35], ['office-worker', 0.25], ['industrial-worker', 0.25], ['other', 0.15],
];

// ---------------------------------------------------------------------------------------------
// How big each part is, as shares of the activity (everything but the tree and the moves).

const SHARE = {
  members: 0.065,
  meals: 0.03,
  clinics: 0.01,
  trips: 0.015,
  cooling: 0.004,
} as const;
/** Courses, their sessions, attendances and voids take the rest. */
const COURSE_SHARE = 1 - Object.values(SHARE).reduce((a, b) => a + b, 0);

const ADMIN = 'tok-admin-federation';
const staff = (organizationId: string) => `tok-staff-${organizationId}`;

interface Organization {
  readonly id: string;
  readonly name: string;
  readonly level: OrganizationLevel;
  /** Index of the parent when registered; -1 for the federation. */
  readonly parent: number;
  /** Index of its district (itself for a district); -1 for the federation. */
  readonly district: number;
  /** Set on a move: [first day under the new parent, the new parent]. */
  move?: readonly [day: number, parent: number];
}

interface Course {
  readonly id: string;
  readonly org: number;
  readonly name: string;
  readonly category: string;
  readonly venue: string;
  readonly registerDay: number;
  readonly start: number;
  readonly end: number;
  /** Bit i set: meets on weekday i (0 = Monday). */
  readonly weekdays: number;
  /** Local seconds after midnight at which a session starts. */
  readonly startsAt: number;
  readonly regulars: Int32Array;
  readonly regularChance: number;
  readonly dropInMean: number;
}

interface Trip {
  readonly id: string;
  readonly org: number;
  readonly organizeDay: number;
  readonly start: number;
  readonly days: number;
  readonly destination: string;
  readonly eligibility: string[];
  readonly participants: number;
}

/** A stream's next revision, shared by the appends planned to it. */
interface Revision {
  next: number;
}

/** An append planned for a day: ordered by time, built into events when handed out. */
interface Planned {
  readonly at: number;
  readonly seq: number;
  readonly stream: string;
  readonly revision: Revision;
  readonly after: readonly string[];
  readonly actor: string;
  readonly events: readonly LedgerEvent[];
}

const FIRST_APPEND: () => Revision = () => ({ next: 0 });

/** How many of a kind of item a day gets: its weight that day times perWeight, the fractions carried over. */
interface DailyRate {
  readonly perWeight: number;
  readonly weight: (d: number) => number;
  carry: number;
}

export class CityYear implements Iterable<CityAppend> {
  readonly shape: CityShape;
  private readonly random: () => number;
  private readonly population: number;
  private readonly orgs: Organization[] = [];
  private readonly districts: number[] = [];
  private readonly streets: number[] = [];
  private readonly grassroots: number[] = [];
  /** Streets weighted by their grassroots unions: busier streets run more. */
  private readonly streetWeights: Float64Array;
  private readonly courses: Course[] = [];
  private readonly trips: Trip[] = [];
  private readonly moves: ReadonlyArray<{ org: number; parent: number; day: number }>;
  private readonly revisions = new Map<number, Revision>();
  private seq = 0;
  private iterated = false;
  private finished = false;

  // The expected figures, counted as the plan is made.
  private readonly eventsByType: Record<string, number> = {};
  private events = 0;
  private appends = 0;
  private readonly attendancesOf: Uint16Array;
  /** Trips each worker of the population went on. */
  private readonly tripsOf: Uint8Array;
  private readonly counts = {
    courseSessions: 0, attendances: 0, clinics: 0, workersServed: 0, mealServings: 0, meals: 0,
    membersJoined: 0, trips: 0, tripParticipants: 0, coolingDeliveries: 0,
  };
  private readonly attendancesByDistrict = new Map<number, number>();

  // Day-by-day plan of the smaller services.
  private readonly daily: Record<'meals' | 'clinics' | 'members' | 'cooling', DailyRate>;
  private membersSoFar = 0;
  private readonly memberStride: number;

  constructor(readonly options: CityOptions) {
    const seed = options.seed ?? DEFAULT_SEED;
    const target = Math.max(5_000, Math.round(options.events));
    this.random = prng(seed);
    const scale = Math.min(1, target / 1_000_000);
    this.population = target >= 1_000_000 ? 1_000_000 : Math.max(10_000, target);
    this.attendancesOf = new Uint16Array(this.population);
    this.tripsOf = new Uint8Array(this.population);
    this.memberStride = strideFor(this.population, 0.6180339887 * this.population);

    this.planTree(Math.max(16, Math.round(300 * scale)), Math.max(48, Math.round(20_000 * scale)));
    this.streetWeights = cumulative(this.streets.map((s) => 1 + this.childCount(s)));
    const moves = this.planMoves();
    const activity = target - this.orgs.length - moves.length;
    this.planCourses(activity * COURSE_SHARE);
    this.planTrips(activity * SHARE.trips);
    this.daily = {
      meals: this.dailyRate(activity * SHARE.meals, 1.54, (d) => (HOLIDAYS.has(d) ? 0 : weekday(d) < 5 ? 1 : 0.6)),
      clinics: this.dailyRate(activity * SHARE.clinics, 1.25, (d) => (isWorkday(d) ? 1 : 0)),
      members: this.dailyRate(activity * SHARE.members, 1.01, (d) => (HOLIDAYS.has(d) ? 0.2 : weekday(d) < 5 ? 1 : 0.4)),
      cooling: this.dailyRate(activity * SHARE.cooling, 1.02, (d) => (isWorkday(d) && d >= dayOf('2024-06-01') && d <= dayOf('2024-09-15') ? 1 : 0)),
    };

    const sampleDistrict = this.districts.reduce((best, d) => (this.childCount(d) > this.childCount(best) ? d : best));
    const sampleStreet = this.streets
      .filter((s) => this.orgs[s].parent === sampleDistrict && this.orgs[s].move === undefined)
      .reduce((best, s) => (this.childCount(s) > this.childCount(best) ? s : best));
    this.shape = {
      seed,
      targetEvents: target,
      federation: this.orgs[0].id,
      districts: this.districts.length,
      streets: this.streets.length,
      grassroots: this.grassroots.length,
      population: this.population,
      courses: this.courses.length,
      trips: this.trips.length,
      sampleDistrict: this.orgs[sampleDistrict].id,
      sampleStreet: this.orgs[sampleStreet].id,
      moves: moves.map(({ org, parent, day }) => ({
        organizationId: this.orgs[org].id,
        from: this.orgs[this.orgs[org].parent].id,
        to: this.orgs[parent].id,
        effectiveDate: DATES[day],
      })),
    };
    this.moves = moves;
  }

  /** The appends in the order they were recorded. A CityYear is iterated once. */
  *[Symbol.iterator](): Generator<CityAppend> {
    if (this.iterated) throw new Error('a CityYear is iterated once: make a new one (same seed, same log)');
    this.iterated = true;
    const future: Planned[][] = Array.from({ length: DAYS }, () => []);
    const coursesByRegistration = groupBy(this.courses, (c) => c.registerDay);
    const tripsByOrganization = groupBy(this.trips, (t) => t.organizeDay);
    const tripsByStart = groupBy(this.trips, (t) => t.start);
    const active: Course[] = [];
    const byStart = [...this.courses].sort((a, b) => a.start - b.start);
    let nextToStart = 0;

    for (let d = 0; d < DAYS; d++) {
      const today: Planned[] = future[d];
      // Everything planned for a day happens that day (the latest, a meal's recipients, by about 17:00).
      const plan = (p: Omit<Planned, 'seq'>) => today.push({ ...p, at: Math.min(p.at, instant(d + 1, 0) - 1000), seq: this.seq++ });
      if (d === 0) this.registerTree(plan);
      for (const move of this.moves) if (move.day === d) this.recordMove(move, plan);
      for (const course of coursesByRegistration.get(d) ?? []) this.registerCourse(course, d, plan);
      for (const trip of tripsByOrganization.get(d) ?? []) this.organizeTrip(trip, d, plan);

      if (d >= FIRST_2024) {
        while (nextToStart < byStart.length && byStart[nextToStart].start <= d) active.push(byStart[nextToStart++]);
        for (let i = active.length - 1; i >= 0; i--) if (active[i].end < d) active.splice(i, 1);
        if (!HOLIDAYS.has(d)) {
          for (const course of active) if (course.weekdays & (1 << weekday(d))) this.holdSession(course, d, plan, future);
        }
        for (const trip of tripsByStart.get(d) ?? []) this.recordTripParticipants(trip, d, plan, future);
        for (let n = this.dueToday('meals', d); n > 0; n--) this.serveMeals(d, plan, future);
        for (let n = this.dueToday('clinics', d); n > 0; n--) this.holdClinic(d, plan);
        for (let n = this.dueToday('members', d); n > 0; n--) this.joinMember(d, plan, future);
        for (let n = this.dueToday('cooling', d); n > 0; n--) this.deliverCooling(d, plan);
      }

      today.sort((a, b) => a.at - b.at || a.seq - b.seq);
      for (const planned of today) yield this.recorded(planned);
      future[d] = [];
    }
    this.finished = true;
  }

  /** The figures the read model must show; complete once the iteration has ended. */
  expected(): CityExpected {
    if (!this.finished) throw new Error('the expected figures are known once every append has been handed out');
    let distinct = 0;
    let regulars = 0;
    let once = 0;
    let travellers = 0;
    for (let i = 0; i < this.population; i++) {
      if (this.tripsOf[i] > 0) travellers++;
      const n = this.attendancesOf[i];
      if (n > 0) distinct++;
      if (n === 1) once++;
      if (n >= REGULAR_MIN) regulars++;
    }
    return {
      events: this.events,
      appends: this.appends,
      eventsByType: { ...this.eventsByType },
      organizations: this.orgs.length,
      courses: this.courses.length,
      ...this.counts,
      distinctParticipants: distinct,
      regulars,
      cameOnce: once,
      tripDistinctParticipants: travellers,
      attendancesByDistrict: Object.fromEntries(this.districts.map((d) => [this.orgs[d].id, this.attendancesByDistrict.get(d) ?? 0])),
    };
  }

  // -------------------------------------------------------------------------------------------
  // The plan, made before the first append.

  private planTree(streets: number, grassroots: number): void {
    const add = (o: Organization) => this.orgs.push(o) - 1;
    add({ id: 'beijing', name: '北京市总工会 Beijing Federation of Trade Unions', level: 'federation', parent: -1, district: -1 });
    for (const [id, name] of DISTRICTS) {
      const index = this.orgs.length;
      this.districts.push(add({ id, name: `${name}总工会 ${id} district federation of trade unions`, level: 'district', parent: 0, district: index }));
    }
    const perDistrict = apportion(streets, DISTRICTS.map(([, , weight]) => weight));
    this.districts.forEach((district, i) => {
      const { id, name } = this.orgs[district];
      for (let s = 1; s <= perDistrict[i]; s++) {
        this.streets.push(
          add({ id: `${id}-s${pad(s, 2)}`, name: `${name.slice(0, 3)}第${s}街道总工会 street union ${s} of ${id}`, level: 'street', parent: district, district }),
        );
      }
    });
    // Grassroots unions per street: a long tail (log-normal), more in the core districts.
    const weights = this.streets.map((s) => {
      const core = CORE_DISTRICTS.has(this.orgs[this.orgs[s].district].id) ? 2 : 1;
      return core * Math.exp(0.8 * this.normal());
    });
    const perStreet = apportion(grassroots, weights, 1);
    this.streets.forEach((street, i) => {
      const { id, district } = this.orgs[street];
      for (let g = 1; g <= perStreet[i]; g++) {
        this.grassroots.push(
          add({ id: `${id}-u${pad(g, 3)}`, name: `基层工会 grassroots union ${g} of ${id}`, level: 'grassroots', parent: street, district }),
        );
      }
    });
  }

  private childCount(org: number): number {
    let n = 0;
    for (const o of this.orgs) if (o.parent === org) n++;
    return n;
  }

  /** A street of the second-largest district to the third-largest on 2024-07-01; a grassroots union to a street there on 2024-10-08. */
  private planMoves(): Array<{ org: number; parent: number; day: number }> {
    const bySize = [...this.districts].sort((a, b) => this.childCount(b) - this.childCount(a) || a - b);
    const [, second, third] = bySize;
    const streetsOf = (district: number) => this.streets.filter((s) => this.orgs[s].parent === district);
    const movedStreet = streetsOf(second).at(-1)!;
    const moves = [{ org: movedStreet, parent: third, day: dayOf('2024-07-01') }];
    const union = this.grassroots.find((g) => this.orgs[g].district !== third && this.orgs[g].parent !== movedStreet && this.orgs[g].district !== bySize[0]);
    if (union !== undefined) moves.push({ org: union, parent: streetsOf(third)[0], day: dayOf('2024-10-08') });
    for (const { org, parent, day } of moves) this.orgs[org].move = [day, parent];
    return moves;
  }

  /** Courses until their expected events fill `budget`. */
  private planCourses(budget: number): void {
    let planned = 0;
    while (planned < budget) {
      const u = this.random();
      const start =
        u < 0.35 ? this.int(dayOf('2024-01-02'), dayOf('2024-01-15'))
        : u < 0.55 ? this.int(dayOf('2024-03-01'), dayOf('2024-03-15'))
        : u < 0.8 ? this.int(dayOf('2024-09-01'), dayOf('2024-09-15'))
        : this.int(dayOf('2024-01-02'), dayOf('2024-11-30'));
      const end = this.random() < 0.45 ? LAST_DAY : Math.min(LAST_DAY, start + 7 * this.int(8, 20) - 1);
      const weekend = this.random() < 0.2;
      // Once, twice or (on weekdays) three times a week.
      const perWeek = Math.min(weekend ? 2 : 3, this.pickWeighted([1, 2, 3], [0.65, 0.3, 0.05]));
      let weekdays = 0;
      while (bitCount(weekdays) < perWeek) weekdays |= 1 << (weekend ? 5 + this.int(0, 1) : this.int(0, 4));
      const startsAt = weekend ? this.pickWeighted([9.5, 14.5], [0.5, 0.5]) * 3600 : this.pickWeighted([12, 18.5, 14.5], [0.4, 0.4, 0.2]) * 3600;
      let sessions = 0;
      for (let d = start; d <= end; d++) if (!HOLIDAYS.has(d) && weekdays & (1 << weekday(d))) sessions++;
      if (sessions === 0) continue;

      // Popularity: most courses are small, a few draw crowds.
      const mean = Math.min(60, 4 + Math.round(50 * this.random() ** 2.2));
      const regulars = new Set<number>();
      const groupSize = Math.round(mean * (0.3 + 0.4 * this.random()));
      while (regulars.size < groupSize) regulars.add(this.int(0, this.population - 1));
      const regularChance = 0.6 + 0.3 * this.random();
      const org = this.random() < 0.65 ? this.streets[searchCumulative(this.streetWeights, this.random())] : this.pick(this.grassroots);
      const [name, category] = this.pick(COURSE_KINDS);
      const n = this.courses.length + 1;
      this.courses.push({
        id: `c${pad(n, 6)}`,
        org,
        name: `${name} #${n}`,
        category,
        venue: this.pick(VENUES),
        registerDay: Math.max(1, start - this.int(1, 10)),
        start,
        end,
        weekdays,
        startsAt,
        regulars: Int32Array.from(regulars),
        regularChance,
        dropInMean: Math.max(0.5, mean - groupSize * regularChance),
      });
      planned += 1 + sessions * (1 + mean);
    }
  }

  private planTrips(budget: number): void {
    let planned = 0;
    for (let n = 1; planned < budget; n++) {
      const u = this.random();
      const org = u < 0.1 ? 0 : u < 0.6 ? this.pick(this.districts) : this.pick(this.streets);
      let start = this.int(dayOf('2024-02-20'), dayOf('2024-11-25'));
      while (HOLIDAYS.has(start)) start++;
      const participants = this.int(15, 60);
      const eligibility = TRIP_CATEGORIES.filter(() => this.random() < 0.6);
      if (eligibility.length === 0) eligibility.push(TRIP_CATEGORIES[0]);
      this.trips.push({
        id: `${this.orgs[org].id}-trip-${n}`,
        org,
        organizeDay: start - this.int(14, 45),
        start,
        days: this.int(3, 7),
        destination: this.pick(TRIP_DESTINATIONS),
        eligibility,
        participants,
      });
      planned += 1 + participants;
    }
  }

  /** Spreads `events` over the days of 2024 by weight, at `perItem` events per item on average. */
  private dailyRate(events: number, perItem: number, weight: (d: number) => number): DailyRate {
    let total = 0;
    for (let d = FIRST_2024; d < DAYS; d++) total += weight(d);
    const perWeight = total === 0 ? 0 : events / perItem / total;
    return { perWeight, carry: 0, weight };
  }

  private dueToday(kind: 'meals' | 'clinics' | 'members' | 'cooling', d: number): number {
    const rate = this.daily[kind];
    const wanted = rate.perWeight * rate.weight(d) * (0.8 + 0.4 * this.random()) + rate.carry;
    const n = Math.floor(wanted);
    rate.carry = wanted - n;
    return n;
  }

  // -------------------------------------------------------------------------------------------
  // The commands of a day.

  private registerTree(plan: (p: Omit<Planned, 'seq'>) => void): void {
    this.orgs.forEach((org, i) => {
      plan({
        at: instant(0, 9 * 3600 + i * 1.5),
        stream: streams.organization(org.id),
        revision: this.revisionOf(i),
        after: org.parent < 0 ? [] : [streams.organization(this.orgs[org.parent].id)],
        actor: ADMIN,
        events: [{ type: 'OrganizationRegistered', data: { organizationId: org.id, name: org.name, level: org.level, parentId: org.parent < 0 ? null : this.orgs[org.parent].id } }],
      });
    });
  }

  private recordMove({ org, parent, day }: { org: number; parent: number; day: number }, plan: (p: Omit<Planned, 'seq'>) => void): void {
    const { id } = this.orgs[org];
    plan({
      at: instant(day, 8.5 * 3600),
      stream: streams.organization(id),
      revision: this.revisionOf(org),
      after: [streams.organization(this.orgs[parent].id)],
      actor: ADMIN,
      events: [{ type: 'OrganizationMoved', data: { organizationId: id, fromParentId: this.orgs[this.orgs[org].parent].id, toParentId: this.orgs[parent].id, effectiveDate: DATES[day] } }],
    });
  }

  private registerCourse(course: Course, d: number, plan: (p: Omit<Planned, 'seq'>) => void): void {
    const organizationId = this.orgs[course.org].id;
    plan({
      at: instant(d, this.between(9, 11.5)),
      stream: streams.course(course.id),
      revision: FIRST_APPEND(),
      after: [streams.organization(organizationId)],
      actor: ADMIN,
      events: [{ type: 'CourseRegistered', data: { courseId: course.id, organizationId, name: course.name, category: course.category } }],
    });
  }

  private holdSession(course: Course, d: number, plan: (p: Omit<Planned, 'seq'>) => void, future: Planned[][]): void {
    const sessionId = DATES[d];
    const stream = streams.courseSession(course.id, sessionId);
    const revision = FIRST_APPEND();
    const actor = staff(this.orgs[course.org].id);
    const startAt = instant(d, course.startsAt + this.int(0, 600));
    plan({
      at: startAt,
      stream,
      revision,
      after: [streams.course(course.id)],
      actor,
      events: [{ type: 'CourseSessionHeld', data: { courseId: course.id, sessionId, date: sessionId, venue: course.venue } }],
    });
    this.counts.courseSessions++;

    const attendees = new Set<number>();
    for (const regular of course.regulars) if (this.random() < course.regularChance) attendees.add(regular);
    const dropIns = Math.round(course.dropInMean * (0.5 + this.random()));
    for (let i = 0; i < dropIns; i++) attendees.add(this.dropIn());
    if (attendees.size === 0) attendees.add(this.dropIn());
    const people = shuffle([...attendees], this.random);
    const district = this.districtOn(course.org, d);
    for (const person of people) this.attend(person, district, +1);

    // The door page sends one to three requests, as people arrive.
    const requests = people.length <= 10 ? 1 : this.int(1, 3);
    const per = Math.ceil(people.length / requests);
    for (let r = 0; r * per < people.length; r++) {
      const chunk = people.slice(r * per, (r + 1) * per);
      plan({
        at: startAt + (5 + r * 12 + this.random() * 10) * 60_000,
        stream,
        revision,
        after: [],
        actor,
        events: chunk.map((person) => ({
          type: 'CourseSessionAttended' as const,
          data: { courseId: course.id, sessionId, participantId: workerId(person) },
        })),
      });
    }

    const u = this.random();
    if (u < 0.003) {
      // Recorded by mistake: the whole session is voided within two days.
      const later = this.later(d, startAt + 2 * 3_600_000, 2);
      if (later === undefined) return;
      this.counts.courseSessions--;
      for (const person of people) this.attend(person, district, -1);
      future[later.day].push({
        at: later.at, seq: this.seq++, stream, revision, after: [], actor,
        events: [{ type: 'CourseSessionVoided', data: { courseId: course.id, sessionId, reason: '重复登记 recorded twice' } }],
      });
    } else if (u < 0.018 && people.length >= 2) {
      const later = this.later(d, startAt + 3_600_000, 3);
      if (later === undefined) return;
      const person = people[this.int(0, people.length - 1)];
      this.attend(person, district, -1);
      future[later.day].push({
        at: later.at, seq: this.seq++, stream, revision, after: [], actor,
        events: [{ type: 'AttendanceVoided', data: { courseId: course.id, sessionId, participantId: workerId(person), reason: '签错场次 signed in at the wrong session' } }],
      });
    }
  }

  private attend(person: number, district: number, delta: 1 | -1): void {
    this.attendancesOf[person] += delta;
    this.counts.attendances += delta;
    this.attendancesByDistrict.set(district, (this.attendancesByDistrict.get(district) ?? 0) + delta);
  }

  private serveMeals(d: number, plan: (p: Omit<Planned, 'seq'>) => void, future: Planned[][]): void {
    const org = this.random() < 0.4 ? this.pick(this.streets) : this.pick(this.grassroots);
    const organizationId = this.orgs[org].id;
    const mealId = `${organizationId}-${DATES[d]}-${this.counts.mealServings + 1}`;
    const stream = streams.meal(mealId);
    const revision = FIRST_APPEND();
    const actor = staff(organizationId);
    const meals = this.int(20, 150);
    const servedAt = instant(d, this.between(13, 15));
    plan({
      at: servedAt,
      stream,
      revision,
      after: [streams.organization(organizationId)],
      actor,
      events: [{ type: 'MealServed', data: { mealId, organizationId, partner: this.pick(MEAL_PARTNERS), date: DATES[d], meals, recipientGroup: this.pick(RECIPIENT_GROUPS) } }],
    });
    this.counts.mealServings++;
    let counted = meals;
    let identified: number[] = [];
    if (this.random() < 0.5) {
      const wanted = Math.min(meals, this.int(5, 40));
      const ids = new Set<number>();
      while (ids.size < wanted) ids.add(this.dropIn());
      identified = [...ids];
      plan({
        at: servedAt + this.int(30, 120) * 60_000,
        stream, revision, after: [], actor,
        events: [{ type: 'MealRecipientsRecorded', data: { mealId, participantIds: identified.map(workerId) } }],
      });
    }
    const u = this.random();
    if (u < 0.03) {
      const later = this.later(d, servedAt + 3 * 3_600_000, 5);
      if (later !== undefined) {
        const corrected = Math.max(identified.length, 1, meals + (this.random() < 0.7 ? -this.int(1, 10) : this.int(1, 10)));
        if (corrected !== meals) {
          counted = corrected;
          future[later.day].push({
            at: later.at, seq: this.seq++, stream, revision, after: [], actor,
            events: [{ type: 'MealCountCorrected', data: { mealId, meals: corrected, previousMeals: meals, reason: '清点有误 miscounted' } }],
          });
        }
      }
    } else if (u < 0.04 && identified.length > 0) {
      const later = this.later(d, servedAt + 3 * 3_600_000, 5);
      if (later !== undefined) {
        future[later.day].push({
          at: later.at, seq: this.seq++, stream, revision, after: [], actor,
          events: [{ type: 'MealRecipientVoided', data: { mealId, participantId: workerId(identified[this.int(0, identified.length - 1)]), reason: '认错人 identified by mistake' } }],
        });
      }
    }
    this.counts.meals += counted;
  }

  private holdClinic(d: number, plan: (p: Omit<Planned, 'seq'>) => void): void {
    const u = this.random();
    const org = u < 0.2 ? this.pick(this.districts) : u < 0.7 ? this.pick(this.streets) : this.pick(this.grassroots);
    const organizationId = this.orgs[org].id;
    const clinicId = `${organizationId}-${DATES[d]}-${this.counts.clinics + 1}`;
    const stream = streams.clinic(clinicId);
    const revision = FIRST_APPEND();
    const actor = staff(organizationId);
    const workersServed = 10 + Math.round(290 * this.random() ** 2);
    const at = instant(d, this.between(11, 16));
    const services = CLINIC_SERVICES.filter(() => this.random() < 0.5);
    if (services.length === 0) services.push(CLINIC_SERVICES[0]);
    plan({
      at, stream, revision, after: [streams.organization(organizationId)], actor,
      events: [{
        type: 'ClinicHeld',
        data: {
          clinicId, organizationId, venue: this.pick(VENUES), date: DATES[d], services, workersServed,
          targetGroups: TARGET_GROUPS.filter(() => this.random() < 0.4),
        },
      }],
    });
    this.counts.clinics++;
    this.counts.workersServed += workersServed;
    if (this.random() < 0.25) {
      const wanted = Math.min(workersServed, this.int(3, 40));
      const ids = new Set<number>();
      while (ids.size < wanted) ids.add(this.dropIn());
      plan({
        at: at + this.int(20, 90) * 60_000, stream, revision, after: [], actor,
        events: [{ type: 'ClinicVisitorsRecorded', data: { clinicId, participantIds: [...ids].map(workerId) } }],
      });
    }
  }

  private joinMember(d: number, plan: (p: Omit<Planned, 'seq'>) => void, future: Planned[][]): void {
    const org = this.random() < 0.85 ? this.pick(this.grassroots) : this.pick(this.streets);
    const organizationId = this.orgs[org].id;
    // Each joining is a different worker: a stride through the population.
    const worker = workerId((this.membersSoFar++ * this.memberStride) % this.population);
    const stream = streams.membership(organizationId, worker);
    const revision = FIRST_APPEND();
    const actor = staff(organizationId);
    const at = instant(d, this.between(9, 20));
    plan({
      at, stream, revision, after: [streams.organization(organizationId)], actor,
      events: [{
        type: 'MemberJoined',
        data: {
          organizationId, workerId: worker, date: DATES[d],
          channel: this.random() < 0.6 ? CHANNELS[0] : CHANNELS[1],
          category: this.pickWeighted(CATEGORY_WEIGHTS.map(([c]) => c), CATEGORY_WEIGHTS.map(([, w]) => w)),
        },
      }],
    });
    this.counts.membersJoined++;
    if (this.random() < 0.01) {
      const later = this.later(d, at + 3_600_000, 5);
      if (later === undefined) return;
      this.counts.membersJoined--;
      future[later.day].push({
        at: later.at, seq: this.seq++, stream, revision, after: [], actor,
        events: [{ type: 'MembershipVoided', data: { organizationId, workerId: worker, reason: '误录 recorded by mistake' } }],
      });
    }
  }

  private organizeTrip(trip: Trip, d: number, plan: (p: Omit<Planned, 'seq'>) => void): void {
    const organizationId = this.orgs[trip.org].id;
    plan({
      at: instant(d, this.between(10, 16)),
      stream: streams.recuperationTrip(trip.id),
      revision: this.tripRevision(trip),
      after: [streams.organization(organizationId)],
      actor: staff(organizationId),
      events: [{
        type: 'RecuperationTripOrganized',
        data: {
          tripId: trip.id, organizationId, destination: trip.destination, startDate: DATES[trip.start],
          endDate: DATES[trip.start + trip.days - 1], eligibility: trip.eligibility,
        },
      }],
    });
    this.counts.trips++;
  }

  private recordTripParticipants(trip: Trip, d: number, plan: (p: Omit<Planned, 'seq'>) => void, future: Planned[][]): void {
    const ids = new Set<number>();
    while (ids.size < trip.participants) ids.add(this.int(0, this.population - 1));
    const people = [...ids];
    const stream = streams.recuperationTrip(trip.id);
    const revision = this.tripRevision(trip);
    const actor = staff(this.orgs[trip.org].id);
    const at = instant(d, this.between(8, 9));
    plan({
      at, stream, revision, after: [], actor,
      events: people.map((person) => ({
        type: 'TripParticipationRecorded' as const,
        data: { tripId: trip.id, participantId: workerId(person), eligibilityCategory: this.pick(trip.eligibility) },
      })),
    });
    this.counts.tripParticipants += people.length;
    for (const person of people) this.tripsOf[person]++;
    if (this.random() < 0.05) {
      const later = this.later(d, at + 3_600_000, 5);
      if (later === undefined) return;
      this.counts.tripParticipants--;
      this.tripsOf[people[0]]--;
      future[later.day].push({
        at: later.at, seq: this.seq++, stream, revision, after: [], actor,
        events: [{ type: 'TripParticipationVoided', data: { tripId: trip.id, participantId: workerId(people[0]), reason: '临时未能成行 could not go' } }],
      });
    }
  }

  private deliverCooling(d: number, plan: (p: Omit<Planned, 'seq'>) => void): void {
    const org = this.random() < 0.7 ? this.pick(this.grassroots) : this.pick(this.streets);
    const organizationId = this.orgs[org].id;
    const deliveryId = `${organizationId}-${DATES[d]}-${this.counts.coolingDeliveries + 1}`;
    const items = COOLING_ITEMS.filter(() => this.random() < 0.4).map(([item, unit]) => ({ item, quantity: this.int(20, 600), unit }));
    if (items.length === 0) items.push({ item: COOLING_ITEMS[0][0], quantity: this.int(20, 600), unit: COOLING_ITEMS[0][1] });
    plan({
      at: instant(d, this.between(9, 16)),
      stream: streams.coolingDelivery(deliveryId),
      revision: FIRST_APPEND(),
      after: [streams.organization(organizationId)],
      actor: staff(organizationId),
      events: [{
        type: 'CoolingSuppliesDelivered',
        data: { deliveryId, organizationId, site: `${this.pick(VENUES)}`, date: DATES[d], items, workersReached: this.int(20, 500) },
      }],
    });
    this.counts.coolingDeliveries++;
  }

  // -------------------------------------------------------------------------------------------
  // Recording: what CommandExecutor.toNewEvent makes of a command's events.

  private recorded(planned: Planned): CityAppend {
    const { revision } = planned;
    const expectedRevision: ExpectedRevision = revision.next === 0 ? 'no_stream' : BigInt(revision.next - 1);
    revision.next += planned.events.length;
    const recordedAt = new Date(planned.at).toISOString();
    const correlationId = uuidV4(this.random);
    const causationId = uuidV4(this.random);
    const events = planned.events.map((event): NewEvent => {
      this.eventsByType[event.type] = (this.eventsByType[event.type] ?? 0) + 1;
      const content = {
        id: uuidV7(planned.at, this.random),
        type: event.type,
        data: event.data as Readonly<Record<string, unknown>>,
        metadata: { actor: planned.actor, correlationId, causationId, recordedAt, schemaVersion: EVENT_SCHEMA_VERSIONS[event.type] },
      };
      return { ...content, metadata: { ...content.metadata, contentHash: contentHashOf(content) } };
    });
    this.events += events.length;
    this.appends++;
    return { stream: planned.stream, events, expectedRevision, after: planned.after };
  }

  /** An organisation's stream revision: registered once, moved at most once. */
  private revisionOf(org: number): Revision {
    let revision = this.revisions.get(org);
    if (!revision) this.revisions.set(org, (revision = FIRST_APPEND()));
    return revision;
  }

  private readonly tripRevisions = new Map<string, Revision>();
  private tripRevision(trip: Trip): Revision {
    let revision = this.tripRevisions.get(trip.id);
    if (!revision) this.tripRevisions.set(trip.id, (revision = FIRST_APPEND()));
    return revision;
  }

  /** The district an organisation was under on day `d` (the tree is dated). */
  private districtOn(org: number, d: number): number {
    let o = org;
    while (this.orgs[o].level !== 'district') {
      const { move, parent } = this.orgs[o];
      o = move && d >= move[0] ? move[1] : parent;
    }
    return o;
  }

  /** A correction 0 to `maxDays` days after `after` (in office hours), or undefined past the year's end. */
  private later(d: number, after: number, maxDays: number): { day: number; at: number } | undefined {
    const day = d + this.int(0, maxDays);
    if (day > LAST_DAY) return undefined;
    const at = day === d ? after + this.int(10, 180) * 60_000 : instant(day, this.between(9, 17));
    if (at >= instant(day + 1, 0)) return undefined;
    return { day, at };
  }

  /** Someone from the population, with a skew: a few come very often, most rarely. */
  private dropIn(): number {
    return Math.floor(this.population * this.random() ** 1.3);
  }

  private int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  /** Seconds after local midnight, between two hours. */
  private between(fromHour: number, toHour: number): number {
    return (fromHour + (toHour - fromHour) * this.random()) * 3600;
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  private pickWeighted<T>(items: readonly T[], weights: readonly number[]): T {
    let u = this.random() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < items.length; i++) if ((u -= weights[i]) < 0) return items[i];
    return items[items.length - 1];
  }

  private normal(): number {
    return Math.sqrt(-2 * Math.log(1 - this.random())) * Math.cos(2 * Math.PI * this.random());
  }
}

// ---------------------------------------------------------------------------------------------

export function workerId(index: number): string {
  return `w-${pad(index, 7)}`;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function bitCount(n: number): number {
  let count = 0;
  for (let m = n; m; m &= m - 1) count++;
  return count;
}

/** `total` split in proportion to `weights` (largest remainders), each part at least `min`. */
function apportion(total: number, weights: readonly number[], min = 1): number[] {
  const free = total - min * weights.length;
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (free * w) / sum);
  const parts = exact.map((x) => min + Math.floor(x));
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0, left = total - parts.reduce((a, b) => a + b, 0); k < left; k++) parts[order[k][1]]++;
  return parts;
}

function cumulative(weights: readonly number[]): Float64Array {
  const sums = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => (sums[i] = sum += w));
  for (let i = 0; i < sums.length; i++) sums[i] /= sum;
  return sums;
}

function searchCumulative(sums: Float64Array, u: number): number {
  let lo = 0;
  let hi = sums.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sums[mid] > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** An odd-ish stride coprime with n near `near`, so that k → k·stride mod n visits every index once. */
function strideFor(n: number, near: number): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  for (let s = Math.max(1, Math.floor(near)); ; s++) if (gcd(s, n) === 1) return s;
}

function hex(n: number, digits: number): string {
  return (n >>> 0).toString(16).padStart(8, '0').slice(8 - digits);
}

const word = (random: () => number) => Math.floor(random() * 4_294_967_296);

/** A UUIDv4 from the seeded PRNG (correlation and causation ids). */
export function uuidV4(random: () => number): string {
  const [a, b, c, d] = [word(random), word(random), word(random), word(random)];
  return `${hex(a, 8)}-${hex(b >>> 16, 4)}-${hex(0x4000 | (b & 0x0fff), 4)}-${hex(0x8000 | (c & 0x3fff), 4)}-${hex(c >>> 16, 4)}${hex(d, 8)}`;
}

/** A UUIDv7 as libs/event-store/src/event-id.ts makes it (48 bits of milliseconds, then random bits), from the seeded PRNG. */
export function uuidV7(ms: number, random: () => number): string {
  const high = Math.floor(ms / 65_536);
  const low = ms % 65_536;
  const [b, c, d] = [word(random), word(random), word(random)];
  return `${hex(high, 8)}-${hex(low, 4)}-${hex(0x7000 | (b & 0x0fff), 4)}-${hex(0x8000 | (c & 0x3fff), 4)}-${hex(c >>> 16, 4)}${hex(d, 8)}`;
}
