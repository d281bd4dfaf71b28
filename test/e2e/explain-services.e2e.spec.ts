import type { AuditedEvent } from '../../apps/api/src/audit/history-paging';
import type { Explanation } from '../../apps/api/src/projections/explain';
import { LOG_STORES, startTestLedgerOn, TestLedger } from '../support/ledger-app';

const YEAR_2024 = { from: '2024-01-01', to: '2024-12-31' };
const CHAOYANG_2024 = { organizationId: 'chaoyang', ...YEAR_2024 };

/**
 * chaowai, a street, is under chaoyang; fengtai is another district. Each service has facts in
 * chaoyang's subtree in 2024, corrected and voided ones among them, and facts out of scope: in
 * fengtai, in 2023, or moved out of 2024 by a correction.
 */
async function recordLedger(ledger: TestLedger): Promise<void> {
  const post = (path: string, body: object) => ledger.http.post(path).send(body).expect((r) => expect([200, 201]).toContain(r.status));
  await post('/organizations', { id: 'beijing', name: '北京市总工会', level: 'federation' });
  await post('/organizations', { id: 'chaoyang', name: '朝阳区总工会', level: 'district', parentId: 'beijing' });
  await post('/organizations', { id: 'chaowai', name: '朝外街道总工会', level: 'street', parentId: 'chaoyang' });
  await post('/organizations', { id: 'fengtai', name: '丰台区总工会', level: 'district', parentId: 'beijing' });

  // Courses and a brand: yoga leaves the brand again, dance is fengtai's.
  await post('/courses', { id: 'painting', organizationId: 'chaowai', name: 'Colour painting', category: 'art' });
  await post('/courses', { id: 'yoga', organizationId: 'chaoyang', name: 'Yoga', category: 'sport' });
  await post('/courses', { id: 'dance', organizationId: 'fengtai', name: 'Dance', category: 'sport' });
  await post('/brands', { id: 'lunch-hour', organizationId: 'chaowai', name: '午间一小时 lunch hour' });
  await post('/courses/painting/brand', { brandId: 'lunch-hour' });
  await post('/courses/yoga/brand', { brandId: 'lunch-hour' });
  await post('/courses/yoga/brand/remove', { reason: 'assigned by mistake' });
  const session = async (course: string, id: string, date: string, participantIds: string[]) => {
    await post(`/courses/${course}/sessions`, { id, date });
    await post(`/courses/${course}/sessions/${id}/attendances`, { participantIds });
  };
  await session('painting', 'p1', '2024-03-04', ['w1', 'w2', 'w3']);
  await session('painting', 'p2', '2024-04-08', ['w1', 'w2']);
  await session('painting', 'p3', '2024-05-06', ['w1']);
  await session('painting', 'p4', '2024-06-06', ['w1']);
  await session('painting', 'p-twice', '2024-05-20', ['w1', 'w4']);
  await session('painting', 'p-2023', '2023-12-04', ['w1']);
  await session('yoga', 'y1', '2024-06-03', ['w1', 'w5']);
  await session('dance', 'd1', '2024-03-05', ['w1', 'w6']);
  await post('/courses/painting/sessions/p1/attendances/w3/void', { reason: 'signed in for a colleague' });
  await post('/courses/painting/sessions/p-twice/void', { reason: 'recorded twice' });

  // Other services people are identified in.
  await post('/members', { workerId: 'w2', organizationId: 'chaowai', date: '2024-02-01', channel: 'online', category: 'new-form-worker' });
  await post('/members', { workerId: 'w4', organizationId: 'chaowai', date: '2024-02-02', channel: 'on-site', category: 'office-worker' });
  await post('/members', { workerId: 'w5', organizationId: 'chaoyang', date: '2024-02-03', channel: 'online', category: 'other' });
  await post('/members/chaoyang/w5/void', { reason: 'recorded at the wrong union' });
  await post('/clinics', {
    id: 'c1',
    organizationId: 'chaowai',
    venue: '新发地市场',
    date: '2024-04-12',
    services: ['blood pressure'],
    workersServed: 28,
    targetGroups: ['new-form workers'],
  });
  await post('/clinics/c1/visitors', { participantIds: ['w5'] });
  const meal = { partner: '爱心餐厅', date: '2024-01-18', recipientGroup: 'delivery riders' };
  await post('/meals', { ...meal, id: 'm1', organizationId: 'chaowai', meals: 75 });
  await post('/meals/m1/corrections', { meals: 74, reason: 'one counted twice' });
  await post('/meals/m1/recipients', { participantIds: ['w7', 'sk4'] });
  await post('/meals/m1/recipients/sk4/void', { reason: 'identified at the wrong serving' });
  await post('/meals', { ...meal, id: 'm-fengtai', organizationId: 'fengtai', meals: 30 });

  // Trips: t1 loses a participant and gains a day; t-moved is moved into 2025.
  const eligibility = ['craftsman title holder'];
  const trip = async (id: string, organizationId: string, startDate: string, endDate: string, participantIds: string[]) => {
    await post('/trips', { id, organizationId, destination: '北戴河 Beidaihe', startDate, endDate, eligibility });
    const participants = participantIds.map((participantId) => ({ participantId, eligibilityCategory: eligibility[0] }));
    await post(`/trips/${id}/participants`, { participants });
  };
  await trip('t1', 'chaoyang', '2024-07-15', '2024-07-18', ['w1', 'sk2', 'sk3']);
  await trip('t2', 'chaowai', '2024-05-10', '2024-05-12', ['w1', 'sk4']);
  await trip('t-fengtai', 'fengtai', '2024-06-01', '2024-06-02', ['sk5']);
  await trip('t-2023', 'chaoyang', '2023-08-01', '2023-08-03', ['sk6']);
  await trip('t-moved', 'chaoyang', '2024-12-28', '2024-12-30', ['sk7']);
  await post('/trips/t1/participants/sk3/void', { reason: 'fell ill, did not go' });
  await post('/trips/t1/corrections', { endDate: '2024-07-19', reason: 'stayed a day longer' });
  await post('/trips/t-moved/corrections', { startDate: '2025-01-02', endDate: '2025-01-04', reason: 'postponed' });

  // Cooling: d1 and e1 corrected.
  const drinks = (quantity: number) => ({ item: 'drinks', quantity, unit: 'case' });
  const watermelons = { item: 'watermelons', quantity: 30, unit: 'piece' };
  const delivery = (id: string, organizationId: string, date: string, items: object[], workersReached: number) =>
    post('/cooling/deliveries', { id, organizationId, site: `${organizationId} site`, date, items, workersReached });
  await delivery('d1', 'chaowai', '2024-07-08', [drinks(40), watermelons], 86);
  await post('/cooling/deliveries/d1/corrections', { items: [drinks(38), watermelons], workersReached: 88, reason: 'recount' });
  await delivery('d2', 'chaoyang', '2024-07-20', [drinks(10)], 20);
  await delivery('d-fengtai', 'fengtai', '2024-07-08', [drinks(99)], 99);
  const installation = (id: string, organizationId: string, date: string, quantity: number) =>
    post('/cooling/installations', { id, organizationId, site: `${organizationId} site`, date, kind: 'air cooler', quantity });
  await installation('e1', 'chaowai', '2024-07-08', 16);
  await post('/cooling/installations/e1/corrections', { quantity: 15, reason: 'one was returned' });
  await installation('e-2023', 'chaoyang', '2023-07-01', 5);

  // The programme: ap2's admission and ap3's application are voided; ap4 is fengtai's, ap5 another intake's.
  const intake = (id: string, tracks: string[]) =>
    post('/programme/intakes', {
      id,
      organizationId: 'beijing',
      programme: 'skills upgrading',
      tracks,
      applicationOpens: '2024-03-01',
      applicationCloses: '2024-04-30',
    });
  await intake('skills-2024', ['public administration', 'business administration']);
  await intake('nursing-2024', ['nursing']);
  const apply = (intakeId: string, applicantId: string, track: string, recommendingOrganizationId: string, date: string) =>
    post(`/programme/intakes/${intakeId}/applications`, { applicantId, track, recommendingOrganizationId, tuitionAid: 'full', date });
  await apply('skills-2024', 'ap1', 'business administration', 'chaowai', '2024-03-05');
  await apply('skills-2024', 'ap2', 'public administration', 'chaoyang', '2024-03-10');
  await apply('skills-2024', 'ap3', 'business administration', 'chaowai', '2024-03-12');
  await apply('skills-2024', 'ap4', 'business administration', 'fengtai', '2024-03-15');
  await apply('nursing-2024', 'ap5', 'nursing', 'chaoyang', '2024-03-20');
  const admit = (applicantId: string, track: string) =>
    post(`/programme/intakes/skills-2024/applications/${applicantId}/admission`, { track, tuitionAid: 'full', date: '2024-06-20' });
  await admit('ap1', 'business administration');
  await admit('ap2', 'public administration');
  await post('/programme/intakes/skills-2024/applications/ap2/admission/void', { reason: 'declined the place' });
  await post('/programme/intakes/skills-2024/applications/ap3/void', { reason: 'recorded twice' });

  await post('/targets', { organizationId: 'chaoyang', measure: 'tripParticipants', period: '2024', target: 10 });
  await post('/targets', { organizationId: 'chaoyang', measure: 'meals', period: '2024', target: 100 });
  await ledger.caughtUp();
}

// What an auditor does by hand: replays the listed events, keeping only the latest state of each thing.

const sessionKey = (data: Record<string, unknown>) => `${String(data.courseId)}/${String(data.sessionId)}`;

/** The attendees of each session still standing, by session. */
function recountSessions(events: readonly AuditedEvent[]): Map<string, Set<string>> {
  const sessions = new Map<string, Set<string>>();
  for (const { type, data } of events) {
    if (type === 'CourseSessionHeld') sessions.set(sessionKey(data), new Set());
    if (type === 'CourseSessionVoided') sessions.delete(sessionKey(data));
    if (type === 'CourseSessionAttended') sessions.get(sessionKey(data))?.add(String(data.participantId));
    if (type === 'AttendanceVoided') sessions.get(sessionKey(data))?.delete(String(data.participantId));
  }
  return sessions;
}

const attendancesOf = (sessions: Map<string, Set<string>>) => [...sessions.values()].flatMap((attendees) => [...attendees]);

function recountBands(events: readonly AuditedEvent[]) {
  const perPerson = new Map<string, number>();
  for (const person of attendancesOf(recountSessions(events))) perPerson.set(person, (perPerson.get(person) ?? 0) + 1);
  const bands = { '1': 0, '2-3': 0, '4-9': 0, '10+': 0 };
  for (const n of perPerson.values()) bands[n === 1 ? '1' : n <= 3 ? '2-3' : n <= 9 ? '4-9' : '10+']++;
  return { people: perPerson.size, bands };
}

function recountTrips(events: readonly AuditedEvent[]) {
  const trips = new Map<string, { startDate: string; endDate: string; participants: Set<string> }>();
  for (const { type, data } of events) {
    const tripId = String(data.tripId);
    if (type === 'RecuperationTripOrganized') {
      trips.set(tripId, { startDate: String(data.startDate), endDate: String(data.endDate), participants: new Set() });
    }
    if (type === 'RecuperationTripCorrected') Object.assign(trips.get(tripId)!, { startDate: data.startDate, endDate: data.endDate });
    if (type === 'TripParticipationRecorded') trips.get(tripId)!.participants.add(String(data.participantId));
    if (type === 'TripParticipationVoided') trips.get(tripId)!.participants.delete(String(data.participantId));
  }
  const perTrip = [...trips].map(([tripId, { startDate, endDate, participants }]) => {
    const days = (Date.parse(endDate) - Date.parse(startDate)) / 86_400_000 + 1;
    return { tripId, days, participants: participants.size, personDays: participants.size * days };
  });
  const people = [...trips.values()].flatMap((t) => [...t.participants]);
  return {
    perTrip,
    totals: {
      trips: trips.size,
      participants: people.length,
      distinctParticipants: new Set(people).size,
      personDays: perTrip.reduce((sum, t) => sum + t.personDays, 0),
    },
    people,
  };
}

/** The latest `data` of each thing, by the id field that names it: a correction states every field anew. */
function latest(events: readonly AuditedEvent[], types: readonly string[], idField: string): Array<Record<string, unknown>> {
  const things = new Map<string, Record<string, unknown>>();
  for (const { type, data } of events) if (types.includes(type)) things.set(String(data[idField]), data);
  return [...things.values()];
}

function recountCooling(events: readonly AuditedEvent[]) {
  const deliveries = latest(events, ['CoolingSuppliesDelivered', 'CoolingSuppliesDeliveryCorrected'], 'deliveryId');
  const installations = latest(events, ['CoolingEquipmentInstalled', 'CoolingEquipmentInstallationCorrected'], 'installationId');
  const items = new Map<string, number>();
  for (const delivery of deliveries) {
    for (const { item, unit, quantity } of delivery.items as Array<{ item: string; unit: string; quantity: number }>) {
      items.set(`${item} ${unit}`, (items.get(`${item} ${unit}`) ?? 0) + quantity);
    }
  }
  const equipment = new Map<string, number>();
  for (const { kind, quantity } of installations) equipment.set(String(kind), (equipment.get(String(kind)) ?? 0) + Number(quantity));
  return {
    deliveries: deliveries.length,
    workersReached: deliveries.reduce((sum, d) => sum + Number(d.workersReached), 0),
    items: Object.fromEntries(items),
    equipment: Object.fromEntries(equipment),
  };
}

function recountProgramme(events: readonly AuditedEvent[]) {
  const applications = new Map<string, { applicantId: string; admitted: boolean }>();
  const key = (data: Record<string, unknown>) => `${String(data.intakeId)}/${String(data.applicantId)}`;
  for (const { type, data } of events) {
    if (type === 'ProgrammeApplicationRecorded') applications.set(key(data), { applicantId: String(data.applicantId), admitted: false });
    if (type === 'ProgrammeApplicationVoided') applications.delete(key(data));
    if (type === 'ProgrammeAdmissionRecorded') applications.get(key(data))!.admitted = true;
    if (type === 'ProgrammeAdmissionVoided') applications.get(key(data))!.admitted = false;
  }
  const all = [...applications.values()];
  return { applications: all.length, admissions: all.filter((a) => a.admitted).length, applicants: all.map((a) => a.applicantId) };
}

/** People with uses of two or more services among the listed events. */
function recountMultiServicePeople(events: readonly AuditedEvent[]): number {
  const services = new Map<string, Set<string>>();
  const used = (service: string, people: readonly string[]) => {
    for (const person of people) services.set(person, (services.get(person) ?? new Set()).add(service));
  };
  used('course', attendancesOf(recountSessions(events)));
  used('trip', recountTrips(events).people);
  used('programme', recountProgramme(events).applicants);
  const members = new Set<string>();
  const mealRecipients = new Map<string, string>(); // meal and person → person
  const atMeal = (data: Record<string, unknown>, participantId: unknown) => `${String(data.mealId)}/${String(participantId)}`;
  for (const { type, data } of events) {
    if (type === 'MemberJoined') members.add(String(data.workerId));
    if (type === 'MembershipVoided') members.delete(String(data.workerId));
    if (type === 'ClinicVisitorsRecorded') used('clinic', data.participantIds as string[]);
    if (type === 'MealRecipientsRecorded') for (const id of data.participantIds as string[]) mealRecipients.set(atMeal(data, id), id);
    if (type === 'MealRecipientVoided') mealRecipients.delete(atMeal(data, data.participantId));
  }
  used('membership', [...members]);
  used('meal', [...mealRecipients.values()]);
  return [...services.values()].filter((kinds) => kinds.size >= 2).length;
}

const listedIds = (explanation: Explanation) => JSON.stringify(explanation.events.map((event) => event.data));
const typesOf = (explanation: Explanation) => new Set(explanation.events.map((event) => event.type));

describe.each(LOG_STORES)('explain=true on the service and programme figures, on %s', (store) => {
  let ledger: TestLedger;

  beforeAll(async () => {
    ledger = await startTestLedgerOn(store);
    await recordLedger(ledger);
  });
  afterAll(() => ledger.close());

  const get = (path: string, query: Record<string, string>) => ledger.http.get(path).query(query);

  /** The answer with explain=true, its figures equal to the plain answer's, and its explanation of the whole log. */
  async function explained<Figures>(path: string, query: Record<string, string>): Promise<{ figures: Figures; explanation: Explanation }> {
    const plain = (await get(path, query).expect(200)).body as Record<string, unknown>;
    expect(plain).not.toHaveProperty('explanation');
    const { explanation, ...figures } = (await get(path, { ...query, explain: 'true' }).expect(200)).body as { explanation: Explanation };
    expect(figures).toEqual(plain);
    expect(explanation).toMatchObject({ upToPosition: await ledger.headPosition(), truncated: false, note: expect.any(String) });
    const positions = explanation.events.map((event) => BigInt(event.position));
    expect([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(positions);
    return { figures: figures as Figures, explanation };
  }

  it('GET /projections/trips: participants without the voided ones, and person-days with the corrected dates, recount', async () => {
    const { figures, explanation } = await explained<{
      trips: Array<{ tripId: string; days: number; participants: number; personDays: number }>;
      totals: { trips: number; participants: number; distinctParticipants: number; personDays: number };
    }>('/projections/trips', CHAOYANG_2024);
    expect(figures.totals).toEqual({ trips: 2, participants: 4, distinctParticipants: 3, personDays: 16 });
    const recounted = recountTrips(explanation.events);
    expect(recounted.totals).toEqual(figures.totals);
    const byTrip = <T extends { tripId: string }>(trips: T[]) => [...trips].sort((a, b) => a.tripId.localeCompare(b.tripId));
    const listed = figures.trips.map(({ tripId, days, participants, personDays }) => ({ tripId, days, participants, personDays }));
    expect(byTrip(recounted.perTrip)).toEqual(byTrip(listed));
    expect(typesOf(explanation)).toEqual(
      new Set(['RecuperationTripOrganized', 'TripParticipationRecorded', 'TripParticipationVoided', 'RecuperationTripCorrected']),
    );
    for (const absent of ['t-fengtai', 't-2023', 't-moved']) expect(listedIds(explanation)).not.toContain(absent);
  });

  it('GET /projections/cooling: deliveries, workers reached, items and equipment recount with the corrections applied', async () => {
    const { figures, explanation } = await explained<{
      deliveries: number;
      workersReached: number;
      items: Array<{ item: string; unit: string; quantity: number }>;
      equipment: Array<{ kind: string; quantity: number }>;
    }>('/projections/cooling', CHAOYANG_2024);
    expect(figures).toMatchObject({ deliveries: 2, workersReached: 108 });
    expect(recountCooling(explanation.events)).toEqual({
      deliveries: figures.deliveries,
      workersReached: figures.workersReached,
      items: Object.fromEntries(figures.items.map(({ item, unit, quantity }) => [`${item} ${unit}`, quantity])),
      equipment: Object.fromEntries(figures.equipment.map(({ kind, quantity }) => [kind, quantity])),
    });
    expect(recountCooling(explanation.events).items).toEqual({ 'drinks case': 48, 'watermelons piece': 30 });
    expect(recountCooling(explanation.events).equipment).toEqual({ 'air cooler': 15 });
    for (const absent of ['d-fengtai', 'e-2023']) expect(listedIds(explanation)).not.toContain(absent);
  });

  it('GET /projections/programme: applications and admissions of one intake recount, voids taken off', async () => {
    const { figures, explanation } = await explained<{ applications: number; admissions: number }>('/projections/programme', {
      ...CHAOYANG_2024,
      intakeId: 'skills-2024',
    });
    expect(figures).toMatchObject({ applications: 2, admissions: 1 });
    const { applications, admissions } = recountProgramme(explanation.events);
    expect({ applications, admissions }).toEqual({ applications: figures.applications, admissions: figures.admissions });
    expect(explanation.events.some((event) => event.type === 'ProgrammeAdmissionVoided')).toBe(true);
    expect(explanation.events.some((event) => event.type === 'ProgrammeApplicationVoided')).toBe(true);
    for (const absent of ['ap4', 'ap5', 'nursing-2024']) expect(listedIds(explanation)).not.toContain(absent);
  });

  describe('GET /projections/frequency', () => {
    it('across every course: the bands recount from the listed attendances, multiServicePeople from every listed service', async () => {
      const { figures, explanation } = await explained<{ people: number; bands: Record<string, number>; multiServicePeople: number }>(
        '/projections/frequency',
        CHAOYANG_2024,
      );
      expect(figures).toEqual({ people: 3, bands: { '1': 1, '2-3': 1, '4-9': 1, '10+': 0 }, multiServicePeople: 3 });
      expect(recountBands(explanation.events)).toEqual({ people: figures.people, bands: figures.bands });
      expect(recountMultiServicePeople(explanation.events)).toBe(figures.multiServicePeople);
      // sk4 went on a trip and was identified at a meal, then voided there: one service, so not counted.
      expect(typesOf(explanation)).toContain('MealRecipientVoided');
      // Services that identify nobody are not listed; nor is what lies outside the scope.
      expect([...typesOf(explanation)].some((type) => type.startsWith('Cooling') || type.startsWith('WorkerFeedback'))).toBe(false);
      for (const absent of ['d1', 'p-2023', 'm-fengtai', 't-fengtai', 'ap4']) expect(listedIds(explanation)).not.toContain(`"${absent}"`);
    });

    it.each<[Record<string, string>, string]>([
      [{ courseId: 'painting' }, 'course'],
      [{ brandId: 'lunch-hour' }, 'brand, whose yoga was removed'],
    ])('with %j (one %s): only those sessions are listed, and the bands recount', async (only) => {
      const { figures, explanation } = await explained<{ people: number; bands: Record<string, number> }>('/projections/frequency', {
        ...YEAR_2024,
        ...only,
      });
      expect(figures.bands).toEqual({ '1': 0, '2-3': 1, '4-9': 1, '10+': 0 });
      expect(recountBands(explanation.events)).toEqual({ people: figures.people, bands: figures.bands });
      expect(new Set(explanation.events.map((event) => event.data.courseId))).toEqual(new Set(['painting']));
      expect(listedIds(explanation)).not.toContain('p-2023');
    });
  });

  it("GET /projections/brands/:brandId: the brand's sessions and attendances recount from its courses' events", async () => {
    const { figures, explanation } = await explained<{ sessions: number; attendances: number; distinctParticipants: number }>(
      '/projections/brands/lunch-hour',
      YEAR_2024,
    );
    expect(figures).toMatchObject({ sessions: 4, attendances: 6, distinctParticipants: 2 });
    const sessions = recountSessions(explanation.events);
    const attendances = attendancesOf(sessions);
    expect({ sessions: sessions.size, attendances: attendances.length, distinctParticipants: new Set(attendances).size }).toEqual({
      sessions: figures.sessions,
      attendances: figures.attendances,
      distinctParticipants: figures.distinctParticipants,
    });
    for (const absent of ['yoga', 'dance', 'p-2023']) expect(listedIds(explanation)).not.toContain(absent);
  });

  it("GET /projections/targets: each target's actual recounts from the events of its measure, and nothing else is listed", async () => {
    const { figures, explanation } = await explained<{ targets: Array<{ measure: string; actual: number }> }>('/projections/targets', {
      organizationId: 'chaoyang',
      year: '2024',
    });
    const actual = Object.fromEntries(figures.targets.map((target) => [target.measure, target.actual]));
    expect(actual).toEqual({ meals: 74, tripParticipants: 4 });
    const meals = latest(explanation.events, ['MealServed', 'MealCountCorrected'], 'mealId').reduce((sum, meal) => sum + Number(meal.meals), 0);
    expect({ meals, tripParticipants: recountTrips(explanation.events).totals.participants }).toEqual(actual);
    expect([...typesOf(explanation)].every((type) => type.startsWith('Meal') || type.includes('Trip'))).toBe(true);
    for (const absent of ['m-fengtai', 't-fengtai', 't-2023', 't-moved']) expect(listedIds(explanation)).not.toContain(absent);
  });

  it.each([
    ['/projections/trips', { explain: 'yes' }],
    ['/projections/cooling', { explain: 'on' }],
    ['/projections/programme', { explain: 'maybe' }],
    ['/projections/frequency', { explain: '2' }],
    ['/projections/brands/lunch-hour', { explain: 'TRUE!' }],
    ['/projections/targets', { organizationId: 'chaoyang', year: '2024', explain: 'nope' }],
  ])('refuses %s with %j: 400 naming explain', async (path, query) => {
    const response = await get(path, query).expect(400);
    expect(response.body.details).toEqual([expect.objectContaining({ field: 'explain' })]);
  });
});
