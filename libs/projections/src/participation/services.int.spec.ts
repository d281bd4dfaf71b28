import { randomUUID } from 'node:crypto';
import { LedgerEvent } from '../../../domain/src/ledger-events';
import { MemoryEventStore } from '../../../event-store/src/memory-event-store';
import { ProjectionManager } from '../projection-manager';
import { ReadModelStore } from '../read-model.port';
import { readModelAdapters } from '../testing/read-model-adapters';
import { participationProjection } from './participation.projection';
import { ParticipationFilter, ParticipationQueries } from './participation.queries';

/** Given events in the log, when the projection has followed it, then the new questions answer: on each read-model adapter. */
describe.each(readModelAdapters('services'))('participation projection: the dated tree, trips, cooling, programme, brands, targets, listings, on $name', (adapter) => {
  let store: MemoryEventStore;
  let readModels: ReadModelStore;
  let manager: ProjectionManager;
  const cleanup: Array<() => Promise<void>> = [];
  const year2024: ParticipationFilter = { subtree: true, tree: 'dated', regularMin: 4, from: '2024-01-01', to: '2024-12-31' };

  beforeEach(async () => {
    const place = await adapter.fresh();
    cleanup.push(() => place.remove());
    store = new MemoryEventStore();
    readModels = await place.open();
    cleanup.push(() => readModels.close());
    manager = new ProjectionManager(store, readModels, [participationProjection], { info: () => undefined, error: () => undefined }, { tickMs: 10 });
    cleanup.push(() => manager.stop());
    await manager.start();
  });
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function given(...events: LedgerEvent[]) {
    for (const event of events) {
      const metadata = { actor: 't', correlationId: 'c', causationId: 'c', recordedAt: '2025-01-01T00:00:00Z', schemaVersion: 1 };
      await store.appendToStream(`test-${randomUUID()}`, [{ id: randomUUID(), type: event.type, data: event.data, metadata }], {
        expectedRevision: 'no_stream',
      });
    }
    for (let i = 0; i < 500; i++) {
      if ((await manager.status())[0].lag === 0) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('not caught up');
  }
  const queries = () => new ParticipationQueries((sql, params) => readModels.query(manager.namespace('participation_v6'), sql, params));
  const org = (organizationId: string, parentId: string | null, level: 'federation' | 'district' | 'street' = 'street'): LedgerEvent => ({
    type: 'OrganizationRegistered',
    data: { organizationId, name: organizationId, level, parentId },
  });
  const meal = (mealId: string, organizationId: string, date: string, meals: number): LedgerEvent => ({
    type: 'MealServed',
    data: { mealId, organizationId, partner: 'p', date, meals, recipientGroup: 'riders' },
  });
  const tree = [org('city', null, 'federation'), org('east', 'city', 'district'), org('west', 'city', 'district'), org('street', 'east'), org('lane', 'street')];

  it("counts an activity under the tree as it stood on the activity's date, or under today's with tree=current", async () => {
    await given(
      ...tree,
      meal('m1', 'lane', '2024-03-18', 10),
      { type: 'OrganizationMoved', data: { organizationId: 'street', fromParentId: 'east', toParentId: 'west', effectiveDate: '2024-07-01' } },
      meal('m2', 'lane', '2024-09-18', 20),
    );
    const summary = async (organizationId: string, tree: 'dated' | 'current') =>
      (await queries().organizationSummary({ ...year2024, organizationId, tree }))!.meals;
    expect(await summary('east', 'dated')).toBe(10);
    expect(await summary('west', 'dated')).toBe(20);
    expect(await summary('east', 'current')).toBe(0);
    expect(await summary('west', 'current')).toBe(30);
    expect(await summary('city', 'dated')).toBe(30);
    expect(await summary('street', 'dated')).toBe(30);
  });

  it('follows a move back and forth, and organisations registered under a moved one', async () => {
    await given(
      ...tree,
      { type: 'OrganizationMoved', data: { organizationId: 'street', fromParentId: 'east', toParentId: 'west', effectiveDate: '2024-04-01' } },
      org('late_lane', 'street'),
      { type: 'OrganizationMoved', data: { organizationId: 'street', fromParentId: 'west', toParentId: 'east', effectiveDate: '2024-10-01' } },
      meal('a', 'late_lane', '2024-02-01', 1),
      meal('b', 'late_lane', '2024-05-01', 2),
      meal('c', 'lane', '2024-11-01', 4),
    );
    const meals = async (organizationId: string, tree: 'dated' | 'current' = 'dated') =>
      (await queries().organizationSummary({ ...year2024, organizationId, tree }))!.meals;
    expect(await meals('east')).toBe(5);
    expect(await meals('west')).toBe(2);
    expect(await meals('east', 'current')).toBe(7);
    expect(await meals('west', 'current')).toBe(0);
  });

  it('gives trips their participants, distinct people and person-days (participants × days)', async () => {
    await given(
      ...tree,
      {
        type: 'RecuperationTripOrganized',
        data: { tripId: 't1', organizationId: 'east', destination: 'Beidaihe', startDate: '2024-06-10', endDate: '2024-06-13', eligibility: ['craftsman', 'contest winner'] },
      },
      ...['p1', 'p2', 'p3'].map((participantId): LedgerEvent => ({ type: 'TripParticipationRecorded', data: { tripId: 't1', participantId, eligibilityCategory: participantId === 'p3' ? 'contest winner' : 'craftsman' } })),
      { type: 'TripParticipationVoided', data: { tripId: 't1', participantId: 'p2', reason: 'did not go' } },
      { type: 'TargetSet', data: { organizationId: 'east', measure: 'tripParticipants', period: '2024', target: 8, previousTarget: null } },
    );
    const trips = (await queries().trips({ ...year2024, organizationId: 'city' }))!;
    expect(trips.totals).toEqual({ trips: 1, participants: 2, distinctParticipants: 2, personDays: 8 });
    expect(trips.trips[0]).toMatchObject({ tripId: 't1', days: 4, participants: 2, personDays: 8, byEligibility: { craftsman: 1, 'contest winner': 1 } });
    expect(await queries().targets({ ...year2024, organizationId: 'east', year: '2024' })).toEqual([
      { measure: 'tripParticipants', period: '2024', target: 8, actual: 2, percentage: 25 },
    ]);
  });

  it('sums cooling items by kind and unit and equipment by kind, per site, with corrections', async () => {
    await given(
      ...tree,
      {
        type: 'CoolingSuppliesDelivered',
        data: { deliveryId: 'd1', organizationId: 'street', site: 'welding line', date: '2024-07-01', items: [{ item: 'drinks', quantity: 10, unit: 'case' }, { item: 'watermelon', quantity: 5, unit: 'piece' }], workersReached: 40 },
      },
      {
        type: 'CoolingSuppliesDeliveryCorrected',
        data: { deliveryId: 'd1', site: 'welding line', date: '2024-07-01', items: [{ item: 'drinks', quantity: 12, unit: 'case' }], workersReached: 42, reason: 'r' },
      },
      { type: 'CoolingEquipmentInstalled', data: { installationId: 'e1', organizationId: 'street', site: 'welding line', date: '2024-07-02', kind: 'air cooler', quantity: 16 } },
      { type: 'CoolingEquipmentInstalled', data: { installationId: 'e2', organizationId: 'lane', site: 'workshop', date: '2024-07-03', kind: 'sun hat', quantity: 60 } },
    );
    const cooling = (await queries().cooling({ ...year2024, organizationId: 'east' }))!;
    expect(cooling).toMatchObject({ deliveries: 1, workersReached: 42, items: [{ item: 'drinks', unit: 'case', quantity: 12 }] });
    expect(cooling.equipment).toEqual([{ kind: 'air cooler', quantity: 16 }, { kind: 'sun hat', quantity: 60 }]);
    expect(cooling.sites).toHaveLength(2);
    expect((await queries().organizationSummary({ ...year2024, organizationId: 'east' }))!).toMatchObject({ coolingEquipmentInstalled: 76, coolingWorkersReached: 42 });
  });

  it('counts applications and admissions per track, recommending union and tuition aid', async () => {
    await given(
      ...tree,
      { type: 'ProgrammeIntakeOpened', data: { intakeId: 'i', organizationId: 'city', programme: 'skills', tracks: ['admin', 'business'], applicationOpens: '2024-03-01', applicationCloses: '2024-04-30' } },
      { type: 'ProgrammeApplicationRecorded', data: { intakeId: 'i', applicantId: 'a1', track: 'admin', recommendingOrganizationId: 'lane', tuitionAid: 'full', date: '2024-03-05' } },
      { type: 'ProgrammeApplicationRecorded', data: { intakeId: 'i', applicantId: 'a2', track: 'business', recommendingOrganizationId: 'west', tuitionAid: 'none', date: '2024-03-06' } },
      { type: 'ProgrammeApplicationRecorded', data: { intakeId: 'i', applicantId: 'a3', track: 'admin', recommendingOrganizationId: 'lane', tuitionAid: 'partial', date: '2024-03-07' } },
      { type: 'ProgrammeAdmissionRecorded', data: { intakeId: 'i', applicantId: 'a1', track: 'business', tuitionAid: 'full', date: '2024-05-10' } },
      { type: 'ProgrammeAdmissionRecorded', data: { intakeId: 'i', applicantId: 'a3', track: 'admin', tuitionAid: 'partial', date: '2024-05-10' } },
      { type: 'ProgrammeAdmissionVoided', data: { intakeId: 'i', applicantId: 'a3', reason: 'declined' } },
    );
    const programme = (await queries().programme({ ...year2024, organizationId: 'city' }))!;
    expect(programme).toEqual({
      applications: 3,
      admissions: 1,
      byTrack: [{ track: 'admin', applications: 2, admissions: 0 }, { track: 'business', applications: 1, admissions: 1 }],
      byRecommendingOrganization: [{ organizationId: 'lane', applications: 2, admissions: 1 }, { organizationId: 'west', applications: 1, admissions: 0 }],
      byTuitionAid: [{ tuitionAid: 'full', applications: 1, admissions: 1 }, { tuitionAid: 'none', applications: 1, admissions: 0 }, { tuitionAid: 'partial', applications: 1, admissions: 0 }],
    });
    expect((await queries().programme({ ...year2024, organizationId: 'east' }))!.applications).toBe(2);
  });

  it("gives a brand's figures across its courses, frequency bands, and people using two or more services", async () => {
    const session = (courseId: string, sessionId: string, date: string, people: string[]): LedgerEvent[] => [
      { type: 'CourseSessionHeld', data: { courseId, sessionId, date, venue: null } },
      ...people.map((participantId): LedgerEvent => ({ type: 'CourseSessionAttended', data: { courseId, sessionId, participantId } })),
    ];
    await given(
      ...tree,
      { type: 'ProgrammeBrandRegistered', data: { brandId: 'lunch', organizationId: 'street', name: 'Lunch hour', description: null } },
      { type: 'CourseRegistered', data: { courseId: 'yoga', organizationId: 'street', name: 'Yoga', category: 'sport' } },
      { type: 'CourseRegistered', data: { courseId: 'paint', organizationId: 'street', name: 'Paint', category: 'art' } },
      { type: 'CourseRegistered', data: { courseId: 'chess', organizationId: 'street', name: 'Chess', category: 'games' } },
      { type: 'CourseAssignedToBrand', data: { courseId: 'yoga', brandId: 'lunch' } },
      { type: 'CourseAssignedToBrand', data: { courseId: 'paint', brandId: 'lunch' } },
      ...session('yoga', 'y1', '2024-01-02', ['p1', 'p2']),
      ...session('yoga', 'y2', '2024-02-02', ['p1']),
      ...session('paint', 'q1', '2024-02-03', ['p1', 'p3']),
      ...session('chess', 'c1', '2024-02-04', ['p1', 'p4']),
      { type: 'MemberJoined', data: { organizationId: 'lane', workerId: 'p2', date: '2024-02-10', channel: 'online', category: 'other' } },
      { type: 'ClinicHeld', data: { clinicId: 'k', organizationId: 'lane', venue: 'v', date: '2024-03-01', services: ['bp'], workersServed: 10, targetGroups: [] } },
      { type: 'ClinicVisitorsRecorded', data: { clinicId: 'k', participantIds: ['p3', 'p9'] } },
    );
    const brand = (await queries().brand('lunch', { ...year2024, groupBy: 'month' }))!;
    expect(brand).toMatchObject({ brandId: 'lunch', courses: 2, sessions: 3, attendances: 5, distinctParticipants: 3 });
    expect(brand.periods!.map((p) => [p.period, p.sessions, p.attendances])).toEqual([['2024-01', 1, 2], ['2024-02', 2, 3]]);
    const street = (await queries().frequency({ ...year2024, organizationId: 'east' }))!;
    expect(street).toEqual({ people: 4, bands: { '1': 3, '2-3': 0, '4-9': 1, '10+': 0 }, multiServicePeople: 2 });
    const inBrand = (await queries().frequency({ ...year2024, brandId: 'lunch' }))!;
    expect(inBrand.bands).toEqual({ '1': 2, '2-3': 1, '4-9': 0, '10+': 0 });
  });

  it('takes a voided meal recipient off the serving and off multiServicePeople, and counts them again once identified again', async () => {
    const recipients = (participantIds: string[]): LedgerEvent => ({ type: 'MealRecipientsRecorded', data: { mealId: 'm1', participantIds } });
    const voided: LedgerEvent = { type: 'MealRecipientVoided', data: { mealId: 'm1', participantId: 'p1', reason: 'wrong serving' } };
    const figures = async () => ({
      multiServicePeople: (await queries().frequency({ ...year2024, organizationId: 'east' }))!.multiServicePeople,
      identified: (await queries().mealServings({ ...year2024, organizationId: 'east' }))!.map((serving) => serving.identifiedRecipients),
    });
    await given(
      ...tree,
      meal('m1', 'lane', '2024-03-18', 10),
      { type: 'MemberJoined', data: { organizationId: 'lane', workerId: 'p1', date: '2024-02-10', channel: 'online', category: 'other' } },
      recipients(['p1', 'p2']),
    );
    expect(await figures()).toEqual({ multiServicePeople: 1, identified: [2] });
    await given(voided);
    expect(await figures()).toEqual({ multiServicePeople: 0, identified: [1] });
    await given(recipients(['p1']));
    expect(await figures()).toEqual({ multiServicePeople: 1, identified: [2] });
  });

  it("lists today's tree parents first, a course's sessions by date with their attendances, and meal servings in a scope", async () => {
    await given(
      ...tree,
      { type: 'OrganizationMoved', data: { organizationId: 'street', fromParentId: 'east', toParentId: 'west', effectiveDate: '2024-07-01' } },
      { type: 'OrganizationRenamed', data: { organizationId: 'lane', name: 'a lane', previousName: 'lane', effectiveDate: '2024-07-01' } },
      { type: 'CourseRegistered', data: { courseId: 'yoga', organizationId: 'lane', name: 'Yoga', category: 'sport' } },
      { type: 'CourseSessionHeld', data: { courseId: 'yoga', sessionId: 'y2', date: '2024-02-01', venue: null } },
      { type: 'CourseSessionHeld', data: { courseId: 'yoga', sessionId: 'y1', date: '2024-02-01', venue: null } },
      { type: 'CourseSessionHeld', data: { courseId: 'yoga', sessionId: 'y0', date: '2024-01-01', venue: null } },
      { type: 'CourseSessionAttended', data: { courseId: 'yoga', sessionId: 'y1', participantId: 'p1' } },
      { type: 'CourseSessionAttended', data: { courseId: 'yoga', sessionId: 'y1', participantId: 'p2' } },
      { type: 'AttendanceVoided', data: { courseId: 'yoga', sessionId: 'y1', participantId: 'p2', reason: 'r' } },
      { type: 'CourseSessionVoided', data: { courseId: 'yoga', sessionId: 'y0', reason: 'r' } },
      meal('m2', 'lane', '2024-09-18', 20),
      meal('m1', 'lane', '2024-03-18', 10),
      meal('m0', 'west', '2024-03-18', 5),
    );
    const today = (under?: string) => queries().organizationTree(under).then((nodes) => nodes?.map((node) => [node.id, node.name, node.parentId]));
    expect(await today()).toEqual([
      ['city', 'city', null],
      ['east', 'east', 'city'],
      ['west', 'west', 'city'],
      ['street', 'street', 'west'],
      ['lane', 'a lane', 'street'],
    ]);
    expect(await today('west')).toEqual([['west', 'west', 'city'], ['street', 'street', 'west'], ['lane', 'a lane', 'street']]);
    expect(await today('east')).toEqual([['east', 'east', 'city']]);
    expect(await today('nowhere')).toBeUndefined();

    expect(await queries().courseSessions('yoga', {})).toEqual([
      { sessionId: 'y1', date: '2024-02-01', attendances: 1 },
      { sessionId: 'y2', date: '2024-02-01', attendances: 0 },
    ]);
    expect(await queries().courseSessions('yoga', { from: '2024-03-01' })).toEqual([]);
    expect(await queries().courseSessions('chess', {})).toBeUndefined();

    const servings = (filter: Partial<typeof year2024> & { organizationId?: string }) =>
      queries().mealServings({ ...year2024, ...filter }).then((rows) => rows?.map((row) => row.mealId));
    expect(await servings({ organizationId: 'west' })).toEqual(['m0', 'm2']);
    expect(await servings({ organizationId: 'west', tree: 'current' })).toEqual(['m0', 'm1', 'm2']);
    expect(await servings({ organizationId: 'east' })).toEqual(['m1']);
    expect(await servings({})).toEqual(['m0', 'm1', 'm2']);
    expect(await servings({ organizationId: 'nowhere' })).toBeUndefined();
  });
});
