/**
 * The seed: the 2024 activity of the unions in the reports, as the requests that record it.
 * Deterministic (a seeded generator picks the attendees), so every run records the same facts and
 * the figures the reports state come out of the projections exactly.
 */

/**
 * Whose token sends a request: the admin sets the ledger up (organisations, brands, courses and
 * their brand, targets, programme intakes); each organisation's own staff record its activity.
 */
export type Sender = { readonly role: 'admin' } | { readonly role: 'staff'; readonly organizationId: string };

const ADMIN: Sender = { role: 'admin' };
const staffOf = (organizationId: string): Sender => ({ role: 'staff', organizationId });

export interface PlannedRequest {
  /**
   * Stable across runs: the demo sends it as the Idempotency-Key. Keys are kept per principal, and
   * each run issues its staff new tokens, so what makes a re-run record nothing twice is the
   * domain itself: every create carries its own id (a repeat answers 200), and attendance, meal
   * recipients and trip participants are sets (a repeat adds nobody).
   */
  readonly key: string;
  readonly path: string;
  readonly body: Record<string, unknown>;
  readonly sender: Sender;
}

export interface SeedPlan {
  /** In dependency order: each stage's requests may run concurrently, stages one after another. */
  readonly stages: ReadonlyArray<readonly PlannedRequest[]>;
  readonly attendance: ReadonlyMap<string, readonly string[]>;
}

export const SEED_FIGURES = {
  painting: { courseId: 'chaowai-painting', sessions: 94, attendancesPerSession: 12 },
  yoga: { courseId: 'chaowai-yoga', sessions: 25, attendancesPerSession: 15 },
  clinics: { organizationId: 'fengtai', workersServed: [28, 35, 30, 32, 31, 34, 30] },
  meals: { organizationId: 'yuquanying', perMonth: 75, membersJoinedPerMeal: [3, 4, 2, 5, 3, 4, 3, 2, 4, 3, 2, 1] },
  /** "40-odd skilled workers": the first batch is 42 people, in a plan of 100 a year. */
  trip: { tripId: 'haidian-beidaihe-2024-1', organizationId: 'haidian', participants: 42, days: 4, annualTarget: 100 },
  cooling: { organizationId: 'railway-maintenance', airCoolers: 16, sleeperWorkshopWorkers: 86 },
  programme: { intakeId: 'beijing-skills-2024', applications: 12, admissions: 9 },
  brand: { brandId: 'chaowai-lunch-hour' },
} as const;

const ORGANIZATIONS = [
  { id: 'beijing', name: '北京市总工会 Beijing Federation of Trade Unions', level: 'federation' },
  { id: 'chaoyang', name: '朝阳区总工会 Chaoyang District Federation of Trade Unions', level: 'district', parentId: 'beijing' },
  { id: 'fengtai', name: '丰台区总工会 Fengtai District Federation of Trade Unions', level: 'district', parentId: 'beijing' },
  { id: 'haidian', name: '海淀区总工会 Haidian District Federation of Trade Unions', level: 'district', parentId: 'beijing' },
  { id: 'chaowai', name: '朝外街道总工会 Chaowai Street Union', level: 'street', parentId: 'chaoyang' },
  { id: 'yuquanying', name: '玉泉营街道总工会 Yuquanying Street Union', level: 'street', parentId: 'fengtai' },
  { id: 'railway-maintenance', name: '北京工务段工会 Railway maintenance section union', level: 'enterprise', parentId: 'fengtai' },
];

/** The street union whose courses and brand the seed records. */
const COURSES_OF = 'chaowai';
/** The federation that runs the skills programme. */
const PROGRAMME_OF = 'beijing';

const TRIP_ELIGIBILITY = ['首席技师 craftsman title holder', '创新工作室领衔人 innovation-studio leader', '技能大赛获奖者 skills-contest winner'];
const PROGRAMME_TRACKS = [
  '成人高考专升本·公共事业管理 adult college entrance, bachelor in public administration',
  '国家开放大学·工商管理 national open university, business administration',
];
const TUITION_AID = ['full', 'partial', 'none'] as const;

/** Days without painting class: public holidays and the Spring Festival week of 2024. */
const PAINTING_BREAKS = new Set([
  '2024-01-01', '2024-02-08', '2024-02-12', '2024-02-15', '2024-04-04', '2024-05-02',
  '2024-06-10', '2024-09-16', '2024-10-03', '2024-10-07', '2024-12-30',
]);

export function seedPlan(): SeedPlan {
  const random = mulberry32(2024);
  const attendance = new Map<string, string[]>();
  const { painting, yoga, clinics, meals } = SEED_FIGURES;

  // Painting draws from workers 1-150, yoga from 121-220: the pools overlap, so some people do both.
  const paintingDates = daysOf2024((day) => day === 1 || day === 4).filter((date) => !PAINTING_BREAKS.has(date));
  const yogaDates = daysOf2024((day) => day === 3).filter((_, i) => i % 2 === 1).slice(0, yoga.sessions);
  if (paintingDates.length !== painting.sessions) throw new Error(`painting has ${paintingDates.length} dates`);

  const courseRequests: PlannedRequest[] = [
    {
      key: 'seed-course-painting',
      path: '/courses',
      body: { id: painting.courseId, organizationId: COURSES_OF, name: '彩绘课 Colour painting (Mon & Thu lunchtime)', category: 'art 艺术' },
      sender: ADMIN,
    },
    {
      key: 'seed-course-yoga',
      path: '/courses',
      body: { id: yoga.courseId, organizationId: COURSES_OF, name: '午间瑜伽 Lunchtime yoga', category: 'fitness 健身' },
      sender: ADMIN,
    },
  ];
  const sessions: PlannedRequest[] = [];
  const attendances: PlannedRequest[] = [];
  const plan = (courseId: string, dates: string[], perSession: number, pool: Worker[]) => {
    for (const date of dates) {
      sessions.push({
        key: `seed-session-${courseId}-${date}`,
        path: `/courses/${courseId}/sessions`,
        body: { id: date, date, venue: '朝外街道职工之家 Chaowai workers’ home' },
        sender: staffOf(COURSES_OF),
      });
      const participantIds = weightedSample(pool, perSession, random);
      attendance.set(`${courseId}/${date}`, participantIds);
      attendances.push({
        key: `seed-attendance-${courseId}-${date}`,
        path: `/courses/${courseId}/sessions/${date}/attendances`,
        body: { participantIds },
        sender: staffOf(COURSES_OF),
      });
    }
  };
  plan(painting.courseId, paintingDates, painting.attendancesPerSession, workerPool(1, 150, random));
  plan(yoga.courseId, yogaDates, yoga.attendancesPerSession, workerPool(121, 220, random));

  const clinicDates = ['2024-04-12', '2024-05-15', '2024-06-12', '2024-07-10', '2024-08-14', '2024-09-11', '2024-10-16'];
  const clinicRequests = clinics.workersServed.map((workersServed, i): PlannedRequest => ({
    key: `seed-clinic-${clinicDates[i]}`,
    path: '/clinics',
    body: {
      id: `xinfadi-${clinicDates[i]}`,
      organizationId: clinics.organizationId,
      venue: '新发地农产品批发市场 Xinfadi wholesale market',
      date: clinicDates[i],
      services: ['血压 blood pressure', '血糖 blood glucose', '甲状腺 thyroid', '中医体质 TCM constitution', '耳穴 ear acupressure', '口腔 dental'],
      workersServed,
      targetGroups: ['新就业形态劳动者 new-form workers', '户外劳动者 outdoor workers'],
    },
    sender: staffOf(clinics.organizationId),
  }));

  const mealRequests: PlannedRequest[] = [];
  const memberRequests: PlannedRequest[] = [];
  meals.membersJoinedPerMeal.forEach((joined, month) => {
    const date = `2024-${String(month + 1).padStart(2, '0')}-18`;
    mealRequests.push({
      key: `seed-meal-${date}`,
      path: '/meals',
      body: {
        id: `yuquanying-${date}`,
        organizationId: meals.organizationId,
        partner: '爱心餐厅 partner restaurant',
        date,
        meals: meals.perMonth,
        recipientGroup: '外卖骑手 delivery riders',
      },
      sender: staffOf(meals.organizationId),
    });
    for (let n = 1; n <= joined; n++) {
      const workerId = `rider-${String(month + 1).padStart(2, '0')}-${n}`;
      memberRequests.push({
        key: `seed-member-${workerId}`,
        path: '/members',
        body: { workerId, organizationId: meals.organizationId, date, channel: 'online', category: 'new-form-worker' },
        sender: staffOf(meals.organizationId),
      });
    }
  });

  // Riders who joined online during a meal are identified recipients of that meal: two services.
  const recipientRequests = meals.membersJoinedPerMeal.map((joined, month): PlannedRequest => {
    const mm = String(month + 1).padStart(2, '0');
    return {
      key: `seed-meal-recipients-2024-${mm}`,
      path: `/meals/yuquanying-2024-${mm}-18/recipients`,
      body: { participantIds: Array.from({ length: joined }, (_, n) => `rider-${mm}-${n + 1}`) },
      sender: staffOf(meals.organizationId),
    };
  });

  const catalogue = serviceCatalogue();
  return {
    stages: [
      ...ORGANIZATIONS.map((o) => [{ key: `seed-organization-${o.id}`, path: '/organizations', body: o, sender: ADMIN }]),
      [...courseRequests, ...catalogue.registrations],
      [...sessions, ...catalogue.afterRegistration],
      [...attendances, ...clinicRequests, ...mealRequests, ...memberRequests, ...catalogue.facts],
      [...recipientRequests, ...catalogue.afterFacts],
    ],
    attendance,
  };
}

/** The rest of the catalogue: Haidian's trip and target, the railway's cooling, the skills programme, the brand. */
function serviceCatalogue() {
  const { trip, cooling, programme, brand, painting, yoga } = SEED_FIGURES;
  const skilled = Array.from({ length: trip.participants }, (_, i) => ({
    participantId: `sk-${String(i + 1).padStart(4, '0')}`,
    eligibilityCategory: TRIP_ELIGIBILITY[i % TRIP_ELIGIBILITY.length],
  }));
  const recommending = ['chaowai', 'yuquanying', 'railway-maintenance'];
  const applicants = Array.from({ length: programme.applications }, (_, i) => ({
    applicantId: `ap-${String(i + 1).padStart(4, '0')}`,
    track: PROGRAMME_TRACKS[i % 2],
    recommendingOrganizationId: recommending[i % recommending.length],
    tuitionAid: TUITION_AID[i % 3],
    date: `2024-03-${String(5 + i).padStart(2, '0')}`,
  }));
  const request = (sender: Sender, key: string, path: string, body: Record<string, unknown>): PlannedRequest => ({ key: `seed-${key}`, path, body, sender });
  // The intake is the federation's: its staff record the applications and admissions (the
  // recommending organisations are all in its subtree).
  const programmeStaff = staffOf(PROGRAMME_OF);
  return {
    registrations: [
      request(ADMIN, 'brand', '/brands', {
        id: brand.brandId,
        organizationId: COURSES_OF,
        name: '朝外“午间一小时” Chaowai lunch hour',
        description: '20-odd kinds of lunchtime activity 二十余类午间活动',
      }),
      request(staffOf(trip.organizationId), 'trip', '/trips', {
        id: trip.tripId,
        organizationId: trip.organizationId,
        destination: '北戴河 Beidaihe',
        startDate: '2024-07-15',
        endDate: '2024-07-18',
        eligibility: TRIP_ELIGIBILITY,
      }),
      request(ADMIN, 'intake', '/programme/intakes', {
        id: programme.intakeId,
        organizationId: PROGRAMME_OF,
        programme: '职工学历提升计划 skills-upgrading programme',
        tracks: PROGRAMME_TRACKS,
        applicationOpens: '2024-03-01',
        applicationCloses: '2024-04-30',
      }),
      request(ADMIN, 'target-trips', '/targets', { organizationId: trip.organizationId, measure: 'tripParticipants', period: '2024', target: trip.annualTarget }),
    ],
    afterRegistration: [
      request(ADMIN, 'brand-painting', `/courses/${painting.courseId}/brand`, { brandId: brand.brandId }),
      request(ADMIN, 'brand-yoga', `/courses/${yoga.courseId}/brand`, { brandId: brand.brandId }),
    ],
    facts: [
      request(staffOf(trip.organizationId), 'trip-participants', `/trips/${trip.tripId}/participants`, { participants: skilled }),
      request(staffOf(cooling.organizationId), 'cooling-air-coolers', '/cooling/installations', {
        id: 'rail-welding-air-coolers-2024',
        organizationId: cooling.organizationId,
        site: '钢轨焊接线 rail-welding line',
        date: '2024-07-08',
        kind: '冷风机 air cooler',
        quantity: cooling.airCoolers,
      }),
      request(staffOf(cooling.organizationId), 'cooling-sun-hats', '/cooling/installations', {
        id: 'sleeper-workshop-sun-hats-2024',
        organizationId: cooling.organizationId,
        site: '轨枕更换车间 sleeper-renewal workshop',
        date: '2024-07-09',
        kind: '遮阳帽 sun hats',
        quantity: cooling.sleeperWorkshopWorkers,
      }),
      request(staffOf(cooling.organizationId), 'cooling-supplies', '/cooling/deliveries', {
        id: 'sleeper-workshop-supplies-2024-07',
        organizationId: cooling.organizationId,
        site: '轨枕更换车间 sleeper-renewal workshop',
        date: '2024-07-09',
        items: [
          { item: '饮料 drinks', quantity: 40, unit: 'case 箱' },
          { item: '西瓜 watermelons', quantity: 30, unit: 'piece 个' },
          { item: '防暑药品 heatstroke medicine', quantity: cooling.sleeperWorkshopWorkers, unit: 'kit 份' },
        ],
        workersReached: cooling.sleeperWorkshopWorkers,
      }),
      request(staffOf(cooling.organizationId), 'feedback-shoes', '/feedback', {
        id: 'railway-visit-2024-07-shoes',
        organizationId: cooling.organizationId,
        date: '2024-07-09',
        topic: '劳保鞋 protective shoes',
        suggestions: 12,
      }),
      request(staffOf(cooling.organizationId), 'feedback-clothing', '/feedback', {
        id: 'railway-visit-2024-07-clothing',
        organizationId: cooling.organizationId,
        date: '2024-07-09',
        topic: '工作服 work clothing',
        suggestions: 7,
      }),
      ...applicants.map((a) => request(programmeStaff, `application-${a.applicantId}`, `/programme/intakes/${programme.intakeId}/applications`, a)),
    ],
    afterFacts: applicants.slice(0, programme.admissions).map((a) =>
      request(programmeStaff, `admission-${a.applicantId}`, `/programme/intakes/${programme.intakeId}/applications/${a.applicantId}/admission`, {
        track: a.track,
        tuitionAid: a.tuitionAid,
        date: '2024-06-20',
      }),
    ),
  };
}

interface Worker {
  id: string;
  weight: number;
}

/** A pool with a realistic skew: a few come nearly every time, most now and then. */
function workerPool(first: number, last: number, random: () => number): Worker[] {
  const pool: Worker[] = [];
  for (let n = first; n <= last; n++) pool.push({ id: `w-${String(n).padStart(4, '0')}`, weight: 0.02 + random() ** 4 * 10 });
  return pool;
}

function weightedSample(pool: readonly Worker[], count: number, random: () => number): string[] {
  const remaining = [...pool];
  const chosen: string[] = [];
  while (chosen.length < count) {
    let target = random() * remaining.reduce((sum, w) => sum + w.weight, 0);
    const index = remaining.findIndex((w) => (target -= w.weight) <= 0);
    const [worker] = remaining.splice(index < 0 ? remaining.length - 1 : index, 1);
    chosen.push(worker.id);
  }
  return chosen.sort();
}

function daysOf2024(keep: (weekday: number) => boolean): string[] {
  const dates: string[] = [];
  for (let d = new Date(Date.UTC(2024, 0, 1)); d.getUTCFullYear() === 2024; d.setUTCDate(d.getUTCDate() + 1)) {
    if (keep(d.getUTCDay())) dates.push(d.toISOString().slice(0, 10));
  }
  return dates;
}

/** A small, well-known seeded generator: the same seed gives the same attendees on every machine. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
