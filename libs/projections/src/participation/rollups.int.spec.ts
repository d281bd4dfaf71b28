import { randomUUID } from 'node:crypto';
import { LedgerEvent } from '../../../domain/src/ledger-events';
import { MemoryEventStore } from '../../../event-store/src/memory-event-store';
import { prng } from '../../../../test/support/prng';
import { ReadModelStore } from '../read-model.port';
import { replayInto } from '../replay';
import { readModelAdapters } from '../testing/read-model-adapters';
import { courses, scannedCourses } from './courses.query';
import { organizationSummary, scannedOrganizationSummary } from './organization-summary.query';
import { participationProjection } from './participation.projection';
import { QueryRunner } from './scope';

/**
 * The roll-ups answer what the fact rows answer. A seeded ledger with everything that makes roll-ups
 * hard (organisations moved back in time while activity is recorded, duplicates, voids, corrections
 * that move dates and change counts, people using several services) is replayed in batches; then,
 * for every organisation, every month of 2024 and the years 2023 and 2024, and several regular
 * thresholds, the summary read from the roll-ups equals the summary counted from the fact rows.
 */
describe.each(readModelAdapters('rollups'))('roll-ups against the fact rows, on $name', (adapter) => {
  let readModels: ReadModelStore;
  let remove: () => Promise<void>;
  let organizations: string[];
  const namespace = 'participation_v6_test';

  beforeAll(async () => {
    const place = await adapter.fresh();
    remove = () => place.remove();
    readModels = await place.open();
    const store = new MemoryEventStore();
    const ledger = seededLedger(20240304);
    organizations = ledger.organizations;
    for (const event of ledger.events) {
      const metadata = { actor: 't', correlationId: 'c', causationId: 'c', recordedAt: '2025-01-01T00:00:00Z', schemaVersion: 1 };
      await store.appendToStream(`test-${randomUUID()}`, [{ id: randomUUID(), type: event.type, data: event.data, metadata }], { expectedRevision: 'no_stream' });
    }
    await replayInto(store, readModels, participationProjection, namespace);
  }, 120_000);
  afterAll(async () => {
    await readModels?.close();
    await remove?.();
  });

  const run: QueryRunner = (sql, params) => readModels.query(namespace, sql, params);
  const months = Array.from({ length: 12 }, (_, i) => `2024-${String(i + 1).padStart(2, '0')}`);
  const lastDay = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5)), 0)).toISOString().slice(0, 10);
  const periods = [
    ...months.map((month) => ({ from: `${month}-01`, to: lastDay(month) })),
    { from: '2024-01-01', to: '2024-12-31' },
    { from: '2023-01-01', to: '2023-12-31' },
  ];

  it('gives every organisation, month and year the figures the fact rows give', async () => {
    let compared = 0;
    const held = { regulars: 0, tripPeople: 0, severalServices: 0 };
    for (const organizationId of organizations) {
      for (const period of periods) {
        for (const regularMin of [1, 2, 4]) {
          const filter = { organizationId, subtree: true, tree: 'dated' as const, regularMin, ...period };
          const rolledUp = await organizationSummary(run, filter);
          const scanned = await scannedOrganizationSummary(run, filter);
          expect({ organizationId, period, regularMin, figures: rolledUp }).toEqual({ organizationId, period, regularMin, figures: scanned });
          compared++;
          if (scanned.regulars > 0 && scanned.regulars < scanned.distinctParticipants) held.regulars++;
          if (scanned.tripDistinctParticipants > 0) held.tripPeople++;
          if (scanned.multiServicePeople > 0) held.severalServices++;
        }
      }
    }
    // The comparison means something: many answers hold regulars among their people, trip people, people of several services.
    expect(compared).toBe(organizations.length * periods.length * 3);
    for (const count of Object.values(held)) expect(count).toBeGreaterThan(compared / 20);
  });

  it('gives every organisation’s course list, per month and year, the figures the fact rows give', async () => {
    let withPeople = 0;
    for (const organizationId of organizations) {
      for (const period of periods) {
        for (const regularMin of [1, 4]) {
          const filter = { organizationId, subtree: true, tree: 'dated' as const, regularMin, ...period };
          const scanned = await scannedCourses(run, filter);
          expect({ organizationId, period, regularMin, courses: await courses(run, filter) }).toEqual({ organizationId, period, regularMin, courses: scanned });
          withPeople += scanned.filter((course) => course.regulars > 0).length;
        }
      }
    }
    expect(withPeople).toBeGreaterThan(100);
  });

  it('leaves nothing staged between batches', async () => {
    for (const table of ['staged_figures', 'staged_uses']) {
      expect({ table, rows: (await run<{ n: number }>(`SELECT count(*) AS n FROM ${table}`, []))[0].n }).toEqual({ table, rows: 0 });
    }
  });
});

/**
 * A few thousand events over a tree of 22 organisations. Each event is placed at a random moment
 * after what it depends on, so corrections, voids and moves interleave with new activity.
 */
function seededLedger(seed: number): { events: LedgerEvent[]; organizations: string[] } {
  const random = prng(seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const date = () => {
    const day = new Date(Date.UTC(2023, 10, 1) + int(0, 480) * 86_400_000);
    return day.toISOString().slice(0, 10);
  };
  const timed: Array<{ at: number; event: LedgerEvent }> = [];
  const add = (event: LedgerEvent, after = 0) => {
    const at = after + random() * 1000;
    timed.push({ at, event });
    return at;
  };
  const e = (type: string, data: Record<string, unknown>) => ({ type, data }) as LedgerEvent;

  const districts = ['d1', 'd2', 'd3'];
  const streets = ['s1', 's2', 's3', 's4', 's5', 's6'];
  const grassroots = Array.from({ length: 12 }, (_, i) => `g${i + 1}`);
  const organizations = ['city', ...districts, ...streets, ...grassroots];
  const registered: LedgerEvent[] = [
    e('OrganizationRegistered', { organizationId: 'city', name: 'city', level: 'federation', parentId: null }),
    ...districts.map((id) => e('OrganizationRegistered', { organizationId: id, name: id, level: 'district', parentId: 'city' })),
    ...streets.map((id, i) => e('OrganizationRegistered', { organizationId: id, name: id, level: 'street', parentId: districts[i % 3] })),
    ...grassroots.map((id, i) => e('OrganizationRegistered', { organizationId: id, name: id, level: 'grassroots', parentId: streets[i % 6] })),
  ];
  const units = [...streets, ...grassroots];
  const person = () => `w-${Math.floor(random() ** 2 * 90)}`;

  // Moves back in time: streets to another district, grassroots unions to another street.
  for (let i = 0; i < 4; i++) {
    const street = pick(streets);
    add(e('OrganizationMoved', { organizationId: street, fromParentId: null, toParentId: pick(districts), effectiveDate: date() }), 200);
    const unit = pick(grassroots);
    add(e('OrganizationMoved', { organizationId: unit, fromParentId: null, toParentId: pick(streets), effectiveDate: date() }), 200);
  }

  for (let c = 0; c < 8; c++) {
    const courseId = `c${c}`;
    const courseAt = add(e('CourseRegistered', { courseId, organizationId: pick(units), name: courseId, category: 'art' }));
    for (let s = 0; s < 18; s++) {
      const sessionId = `${courseId}-s${s}`;
      const sessionAt = add(e('CourseSessionHeld', { courseId, sessionId, date: date(), venue: null }), courseAt);
      const attendees = Array.from({ length: int(2, 14) }, person);
      for (const participantId of attendees) {
        const attendedAt = add(e('CourseSessionAttended', { courseId, sessionId, participantId }), sessionAt);
        if (random() < 0.05) add(e('CourseSessionAttended', { courseId, sessionId, participantId }), attendedAt);
        if (random() < 0.04) add(e('AttendanceVoided', { courseId, sessionId, participantId, reason: 'r' }), attendedAt);
      }
      if (random() < 0.04) add(e('CourseSessionVoided', { courseId, sessionId, reason: 'r' }), sessionAt + 500);
    }
  }
  for (let i = 0; i < 20; i++) {
    const clinicId = `clinic-${i}`;
    const details = () => ({ venue: 'v', date: date(), services: ['bp'], workersServed: int(5, 40), targetGroups: ['riders'] });
    const at = add(e('ClinicHeld', { clinicId, organizationId: pick(units), ...details() }));
    for (let v = 0; v < 4; v++) add(e('ClinicVisitorsRecorded', { clinicId, participantIds: [person(), person()] }), at);
    if (random() < 0.4) add(e('ClinicCorrected', { clinicId, reason: 'r', ...details() }), at + 100);
  }
  for (let i = 0; i < 20; i++) {
    const mealId = `meal-${i}`;
    const at = add(e('MealServed', { mealId, organizationId: pick(units), partner: 'p', date: date(), meals: int(20, 90), recipientGroup: 'riders' }));
    const recipients = [person(), person(), person()];
    for (const participantId of recipients) {
      const recordedAt = add(e('MealRecipientsRecorded', { mealId, participantIds: [participantId] }), at);
      if (random() < 0.2) add(e('MealRecipientVoided', { mealId, participantId, reason: 'r' }), recordedAt);
    }
    if (random() < 0.3) add(e('MealCountCorrected', { mealId, meals: int(20, 90), previousMeals: 0, reason: 'r' }), at);
  }
  for (let i = 0; i < 60; i++) {
    const organizationId = pick(units);
    const workerId = person();
    const at = add(e('MemberJoined', { organizationId, workerId, date: date(), channel: pick(['online', 'on-site']), category: pick(['new-form-worker', 'other']) }));
    if (random() < 0.15) add(e('MembershipVoided', { organizationId, workerId, reason: 'r' }), at);
  }
  for (let i = 0; i < 6; i++) {
    const tripId = `trip-${i}`;
    const start = date();
    const at = add(e('RecuperationTripOrganized', { tripId, organizationId: pick([...districts, ...streets]), destination: 'sea', startDate: start, endDate: start, eligibility: ['x'] }));
    for (let p = 0; p < 8; p++) {
      const participantId = person();
      const recordedAt = add(e('TripParticipationRecorded', { tripId, participantId, eligibilityCategory: 'x' }), at);
      if (random() < 0.1) add(e('TripParticipationVoided', { tripId, participantId, reason: 'r' }), recordedAt);
    }
    if (random() < 0.5) {
      const moved = date();
      add(e('RecuperationTripCorrected', { tripId, destination: 'hills', startDate: moved, endDate: moved, eligibility: ['x'], reason: 'r' }), at + 100);
    }
  }
  for (let i = 0; i < 10; i++) {
    const deliveryId = `delivery-${i}`;
    const details = () => ({ site: 's', date: date(), items: [{ item: 'water', quantity: int(1, 9), unit: 'case' }], workersReached: int(10, 90) });
    const at = add(e('CoolingSuppliesDelivered', { deliveryId, organizationId: pick(units), ...details() }));
    if (random() < 0.4) add(e('CoolingSuppliesDeliveryCorrected', { deliveryId, reason: 'r', ...details() }), at);
    const installationId = `installation-${i}`;
    const installed = add(e('CoolingEquipmentInstalled', { installationId, organizationId: pick(units), site: 's', date: date(), kind: 'fan', quantity: int(1, 9) }));
    if (random() < 0.4) add(e('CoolingEquipmentInstallationCorrected', { installationId, reason: 'r', site: 's', date: date(), kind: 'fan', quantity: int(1, 9) }), installed);
    const feedbackId = `feedback-${i}`;
    const heard = add(e('WorkerFeedbackRecorded', { feedbackId, organizationId: pick(units), date: date(), topic: 't', suggestions: int(1, 9) }));
    if (random() < 0.4) add(e('WorkerFeedbackCorrected', { feedbackId, topic: 't', suggestions: int(1, 9), reason: 'r' }), heard);
  }
  const intakeAt = add(e('ProgrammeIntakeOpened', { intakeId: 'i', organizationId: 'city', programme: 'skills', tracks: ['t'], applicationOpens: '2023-11-01', applicationCloses: '2025-03-01' }));
  for (let i = 0; i < 30; i++) {
    const applicantId = person();
    const at = add(e('ProgrammeApplicationRecorded', { intakeId: 'i', applicantId, track: 't', recommendingOrganizationId: pick(units), tuitionAid: 'full', date: date() }), intakeAt);
    if (random() < 0.5) {
      const admitted = add(e('ProgrammeAdmissionRecorded', { intakeId: 'i', applicantId, track: 't', tuitionAid: 'full', date: date() }), at);
      if (random() < 0.2) add(e('ProgrammeAdmissionVoided', { intakeId: 'i', applicantId, reason: 'r' }), admitted);
    } else if (random() < 0.2) {
      add(e('ProgrammeApplicationVoided', { intakeId: 'i', applicantId, reason: 'r' }), at);
    }
  }
  return { events: [...registered, ...timed.sort((a, b) => a.at - b.at).map(({ event }) => event)], organizations };
}
