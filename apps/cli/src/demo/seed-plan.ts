/**
 * The seed: the 2024 activity of the unions in the reports, as the requests that record it.
 * Deterministic (a seeded generator picks the attendees), so every run records the same facts and
 * the figures the reports state come out of the projections exactly.
 */

export interface PlannedRequest {
  /** Stable across runs: the demo sends it as the Idempotency-Key, so a re-run records nothing twice. */
  readonly key: string;
  readonly path: string;
  readonly body: Record<string, unknown>;
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
} as const;

const ORGANIZATIONS = [
  { id: 'beijing', name: '北京市总工会 Beijing Federation of Trade Unions', level: 'federation' },
  { id: 'chaoyang', name: '朝阳区总工会 Chaoyang District Federation of Trade Unions', level: 'district', parentId: 'beijing' },
  { id: 'fengtai', name: '丰台区总工会 Fengtai District Federation of Trade Unions', level: 'district', parentId: 'beijing' },
  { id: 'haidian', name: '海淀区总工会 Haidian District Federation of Trade Unions', level: 'district', parentId: 'beijing' },
  { id: 'chaowai', name: '朝外街道总工会 Chaowai Street Union', level: 'street', parentId: 'chaoyang' },
  { id: 'yuquanying', name: '玉泉营街道总工会 Yuquanying Street Union', level: 'street', parentId: 'fengtai' },
];

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
      body: { id: painting.courseId, organizationId: 'chaowai', name: '彩绘课 Colour painting (Mon & Thu lunchtime)', category: 'art 艺术' },
    },
    {
      key: 'seed-course-yoga',
      path: '/courses',
      body: { id: yoga.courseId, organizationId: 'chaowai', name: '午间瑜伽 Lunchtime yoga', category: 'fitness 健身' },
    },
  ];
  const sessions: PlannedRequest[] = [];
  const attendances: PlannedRequest[] = [];
  const plan = (courseId: string, dates: string[], perSession: number, pool: Worker[]) => {
    for (const date of dates) {
      sessions.push({ key: `seed-session-${courseId}-${date}`, path: `/courses/${courseId}/sessions`, body: { id: date, date, venue: '朝外街道职工之家 Chaowai workers’ home' } });
      const participantIds = weightedSample(pool, perSession, random);
      attendance.set(`${courseId}/${date}`, participantIds);
      attendances.push({
        key: `seed-attendance-${courseId}-${date}`,
        path: `/courses/${courseId}/sessions/${date}/attendances`,
        body: { participantIds },
      });
    }
  };
  plan(painting.courseId, paintingDates, painting.attendancesPerSession, workerPool(1, 150, random));
  plan(yoga.courseId, yogaDates, yoga.attendancesPerSession, workerPool(121, 220, random));

  const clinicDates = ['2024-04-12', '2024-05-15', '2024-06-12', '2024-07-10', '2024-08-14', '2024-09-11', '2024-10-16'];
  const clinicRequests = clinics.workersServed.map((workersServed, i) => ({
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
    });
    for (let n = 1; n <= joined; n++) {
      const workerId = `rider-${String(month + 1).padStart(2, '0')}-${n}`;
      memberRequests.push({
        key: `seed-member-${workerId}`,
        path: '/members',
        body: { workerId, organizationId: meals.organizationId, date, channel: 'online', category: 'new-form-worker' },
      });
    }
  });

  return {
    stages: [
      ...ORGANIZATIONS.map((o) => [{ key: `seed-organization-${o.id}`, path: '/organizations', body: o }]),
      courseRequests,
      sessions,
      [...attendances, ...clinicRequests, ...mealRequests, ...memberRequests],
    ],
    attendance,
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
