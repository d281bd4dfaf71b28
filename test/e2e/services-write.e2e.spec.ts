/**
 * The service catalogue's write endpoints, each on its happy path: the first request appends (201),
 * the same request again appends nothing and answers the same body (200), another body for the same
 * id is a 409; corrections and voids; and, where cheap, the figure the projections report after it.
 */
import { STATUS_CODES } from 'node:http';
import type { Response } from 'supertest';
import { startTestLedger, TestLedger } from '../support/ledger-app';

type Json = Record<string, unknown>;

let ledger: TestLedger;

beforeAll(async () => {
  ledger = await startTestLedger();
  const created = async (path: string, body: Json) => {
    const res = await ledger.http.post(path).send(body);
    if (res.status !== 201) throw new Error(`fixture ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
  };
  await created('/organizations', { id: 'beijing', name: '北京市总工会', level: 'federation' });
  for (const [id, parentId, level] of [
    ['chaoyang', 'beijing', 'district'],
    ['fengtai', 'beijing', 'district'],
    ['haidian', 'beijing', 'district'],
    ['chaowai', 'chaoyang', 'street'],
    ['sanlitun', 'chaoyang', 'street'],
    ['sanlitun-mall', 'sanlitun', 'enterprise'],
    ['railway', 'fengtai', 'enterprise'],
    ['jianwai', 'chaoyang', 'street'],
    ['jianwai-bank', 'jianwai', 'enterprise'],
  ]) {
    await created('/organizations', { id, name: `${id} union`, level, parentId });
  }
  await created('/courses', { id: 'yoga', organizationId: 'chaowai', name: 'Lunchtime yoga', category: 'sport' });
  await created('/courses', { id: 'painting', organizationId: 'chaowai', name: 'Colour painting', category: 'art' });
});
afterAll(() => ledger.close());

/** Sends a write and checks its status, and that the log's head moved exactly when it answered 201. */
async function write(path: string, body: Json, status: 200 | 201): Promise<Response> {
  const before = await ledger.headPosition();
  const res = await ledger.http.post(path).send(body);
  expect({ path, status: res.status, body: res.body }).toEqual({ path, status, body: expect.anything() });
  const after = await ledger.headPosition();
  if (status === 201) expect(after).not.toBe(before);
  else expect(after).toBe(before);
  return res;
}

/** A write that must be refused with the ledger's error body, naming the field and rule, appending nothing. */
async function refused(path: string, body: Json, status: number, field: string, rule: string): Promise<Response> {
  const before = await ledger.headPosition();
  const res = await ledger.http.post(path).send(body);
  expect({ status: res.status, body: res.body }).toEqual({
    status,
    body: { statusCode: status, error: STATUS_CODES[status], message: expect.any(String), details: expect.arrayContaining([{ field, rule }]) },
  });
  expect(await ledger.headPosition()).toBe(before);
  return res;
}

/** Create, retry with 200 and the same body, and another body for the same id → 409 naming `conflictField`. */
async function createRetryConflict(path: string, body: Json, other: Json, expected: Json, conflictField = 'id'): Promise<Response> {
  const first = await write(path, body, 201);
  expect(first.body).toEqual(expected);
  const retry = await write(path, body, 200);
  expect(retry.body).toEqual(first.body);
  await refused(path, other, 409, conflictField, 'unique');
  return first;
}

async function figures(organizationId: string, query: Json = {}): Promise<Record<string, number>> {
  await ledger.caughtUp();
  const res = await ledger.http.get(`/projections/organizations/${organizationId}`).query(query);
  expect(res.status).toBe(200);
  return res.body;
}

describe('organisations: moves and renames', () => {
  it('POST /organizations/:id/moves moves an organisation under another parent; a retry is 200 with the same body', async () => {
    const move = { newParentId: 'fengtai', effectiveDate: '2024-07-01' };
    const first = await write('/organizations/chaowai/moves', move, 201);
    expect(first.body).toEqual({ id: 'chaowai', name: 'chaowai union', level: 'street', parentId: 'fengtai' });
    const retry = await write('/organizations/chaowai/moves', move, 200);
    expect(retry.body).toEqual(first.body);
    expect((await ledger.http.get('/organizations/chaowai')).body).toEqual(first.body);
  });

  it('a move dated before the last move → 409 effectiveDate notBeforeLastMove; one on the same date is fine', async () => {
    await refused('/organizations/chaowai/moves', { newParentId: 'chaoyang', effectiveDate: '2024-06-30' }, 409, 'effectiveDate', 'notBeforeLastMove');
    const back = await write('/organizations/chaowai/moves', { newParentId: 'chaoyang', effectiveDate: '2024-07-01' }, 201);
    expect(back.body.parentId).toBe('chaoyang');
  });

  it.each([
    ['under its child', 'chaoyang', 'sanlitun'],
    ['under its grandchild', 'chaoyang', 'sanlitun-mall'],
    ['the root under its great-grandchild', 'beijing', 'sanlitun-mall'],
  ])('a move %s → 409 newParentId noCycle', (_label, organizationId, newParentId) =>
    refused(`/organizations/${organizationId}/moves`, { newParentId, effectiveDate: '2024-08-01' }, 409, 'newParentId', 'noCycle'));

  it('a move under a sibling’s descendant is not a cycle', async () => {
    const res = await write('/organizations/sanlitun-mall/moves', { newParentId: 'chaowai', effectiveDate: '2024-08-01' }, 201);
    expect(res.body.parentId).toBe('chaowai');
  });

  it('what an organisation did before a move stays under its old parent in the dated tree, and follows it in today’s tree', async () => {
    await write('/meals', { id: 'jb-meal', organizationId: 'jianwai-bank', partner: 'Canteen', date: '2024-03-01', meals: 10, recipientGroup: 'tellers' }, 201);
    await write('/organizations/jianwai-bank/moves', { newParentId: 'railway', effectiveDate: '2024-09-01' }, 201);
    expect((await figures('jianwai')).meals).toBe(10);
    expect((await figures('fengtai')).meals).toBe(0);
    expect((await figures('fengtai', { tree: 'current' })).meals).toBe(10);
    expect((await figures('jianwai', { tree: 'current' })).meals).toBe(0);
  });

  it('POST /organizations/:id/renames renames; a retry is 200 with the same body', async () => {
    const rename = { name: '海淀区总工会 Haidian District Federation', effectiveDate: '2024-05-01' };
    const first = await write('/organizations/haidian/renames', rename, 201);
    expect(first.body).toEqual({ id: 'haidian', name: rename.name, level: 'district', parentId: 'beijing' });
    const retry = await write('/organizations/haidian/renames', rename, 200);
    expect(retry.body).toEqual(first.body);
    expect((await ledger.http.get('/organizations/haidian')).body).toEqual(first.body);
  });
});

describe('programme brands and their courses', () => {
  const brand = { id: 'lunch-hour', organizationId: 'chaowai', name: '午间一小时 Lunch hour', description: '20-odd kinds of lunchtime activity' };

  it('POST /brands registers; retry 200; another body 409', () =>
    createRetryConflict('/brands', brand, { ...brand, name: 'Other' }, brand));

  it('POST /brands without a description records it as null', async () => {
    const res = await write('/brands', { id: 'evening', organizationId: 'chaowai', name: 'Evening classes' }, 201);
    expect(res.body).toEqual({ id: 'evening', organizationId: 'chaowai', name: 'Evening classes', description: null });
  });

  it('POST /brands/:id/corrections corrects the name, and a description of null removes it', async () => {
    const renamed = await write('/brands/lunch-hour/corrections', { name: '朝外午间一小时', reason: 'official name' }, 201);
    expect(renamed.body).toEqual({ ...brand, name: '朝外午间一小时' });
    const again = await write('/brands/lunch-hour/corrections', { name: '朝外午间一小时', reason: 'official name' }, 200);
    expect(again.body).toEqual(renamed.body);
    const removed = await write('/brands/lunch-hour/corrections', { description: null, reason: 'no description' }, 201);
    expect(removed.body).toEqual({ ...brand, name: '朝外午间一小时', description: null });
  });

  it('POST /courses/:id/brand assigns a course to a brand; retry 200; another brand 409 until it is removed', async () => {
    const course = { id: 'yoga', organizationId: 'chaowai', name: 'Lunchtime yoga', category: 'sport' };
    const first = await write('/courses/yoga/brand', { brandId: 'lunch-hour' }, 201);
    expect(first.body).toEqual({ ...course, brandId: 'lunch-hour' });
    const retry = await write('/courses/yoga/brand', { brandId: 'lunch-hour' }, 200);
    expect(retry.body).toEqual(first.body);
    await refused('/courses/yoga/brand', { brandId: 'evening' }, 409, 'brandId', 'oneBrand');

    const removed = await write('/courses/yoga/brand/remove', { reason: 'moved to the evening' }, 201);
    expect(removed.body).toEqual({ ...course, brandId: null });
    const removedAgain = await write('/courses/yoga/brand/remove', { reason: 'moved to the evening' }, 200);
    expect(removedAgain.body).toEqual(removed.body);
    const moved = await write('/courses/yoga/brand', { brandId: 'evening' }, 201);
    expect(moved.body).toEqual({ ...course, brandId: 'evening' });
  });

  it('the brand projection counts the courses the brand has now, with its corrected details', async () => {
    await write('/courses/painting/brand', { brandId: 'lunch-hour' }, 201);
    await ledger.caughtUp();
    const lunch = await ledger.http.get('/projections/brands/lunch-hour');
    expect(lunch.status).toBe(200);
    expect(lunch.body).toMatchObject({ brandId: 'lunch-hour', name: '朝外午间一小时', description: null, courses: 1 });
    expect((await ledger.http.get('/projections/brands/evening')).body).toMatchObject({ courses: 1 });
  });
});

describe('recuperation trips', () => {
  const trip = {
    id: 'beidaihe-1',
    organizationId: 'haidian',
    destination: '北戴河 Beidaihe',
    startDate: '2024-07-15',
    endDate: '2024-07-18',
    eligibility: ['craftsman', 'contest winner'],
  };
  const path = '/trips/beidaihe-1';

  it('POST /trips organises; retry 200; another body 409', () =>
    createRetryConflict('/trips', trip, { ...trip, endDate: '2024-07-19' }, { ...trip, participants: 0 }));

  it('POST /trips/:id/corrections replaces the fields given; retry 200', async () => {
    const corrected = await write(`${path}/corrections`, { destination: '北戴河疗养院 Beidaihe sanatorium', reason: 'full name' }, 201);
    expect(corrected.body).toEqual({ ...trip, destination: '北戴河疗养院 Beidaihe sanatorium', participants: 0 });
    const again = await write(`${path}/corrections`, { destination: '北戴河疗养院 Beidaihe sanatorium', reason: 'full name' }, 200);
    expect(again.body).toEqual(corrected.body);
  });

  it('POST /trips/:id/participants records each new participant; a retry is 200; an overlap records only the new', async () => {
    const participants = [
      { participantId: 'sk-1', eligibilityCategory: 'craftsman' },
      { participantId: 'sk-2', eligibilityCategory: 'contest winner' },
      { participantId: 'sk-3', eligibilityCategory: 'craftsman' },
    ];
    expect((await write(`${path}/participants`, { participants }, 201)).body).toEqual({ recorded: 3, alreadyRecorded: 0 });
    expect((await write(`${path}/participants`, { participants }, 200)).body).toEqual({ recorded: 0, alreadyRecorded: 3 });
    const overlap = [participants[2], { participantId: 'sk-4', eligibilityCategory: 'contest winner' }];
    expect((await write(`${path}/participants`, { participants: overlap }, 201)).body).toEqual({ recorded: 1, alreadyRecorded: 1 });
  });

  it('POST /trips/:id/participants/:pid/void voids one participation; a retry is 200; it can be recorded again', async () => {
    const voided = await write(`${path}/participants/sk-4/void`, { reason: 'did not go' }, 201);
    expect(voided.body).toMatchObject({ id: 'beidaihe-1', participants: 3 });
    const again = await write(`${path}/participants/sk-4/void`, { reason: 'did not go' }, 200);
    expect(again.body).toEqual(voided.body);
    await write(`${path}/participants`, { participants: [{ participantId: 'sk-4', eligibilityCategory: 'craftsman' }] }, 201);
    await write(`${path}/participants/sk-4/void`, { reason: 'did not go after all' }, 201);
  });

  it('the projection counts trips, participants, distinct people and person-days, also after a date correction', async () => {
    expect(await figures('haidian')).toMatchObject({ trips: 1, tripParticipants: 3, tripDistinctParticipants: 3, tripPersonDays: 12 });
    await write(`${path}/corrections`, { endDate: '2024-07-19', reason: 'one more day' }, 201);
    expect(await figures('haidian')).toMatchObject({ tripPersonDays: 15 });
    expect(await figures('beijing')).toMatchObject({ trips: 1, tripParticipants: 3 });
  });

  it('a trip may be organised ahead of time', async () => {
    const res = await write('/trips', { ...trip, id: 'summer-2025', startDate: '2025-07-01', endDate: '2025-07-04' }, 201);
    expect(res.body).toMatchObject({ startDate: '2025-07-01', participants: 0 });
  });
});

describe('summer cooling', () => {
  const delivery = {
    id: 'sleeper-2024-07',
    organizationId: 'railway',
    site: '轨枕更换车间 sleeper-renewal workshop',
    date: '2024-07-09',
    items: [
      { item: '饮料 drinks', quantity: 40, unit: 'case' },
      { item: '西瓜 watermelons', quantity: 30, unit: 'piece' },
    ],
    workersReached: 86,
  };
  const installation = {
    id: 'welding-coolers-2024',
    organizationId: 'railway',
    site: '钢轨焊接线 rail-welding line',
    date: '2024-07-08',
    kind: '冷风机 air cooler',
    quantity: 16,
  };

  it('POST /cooling/deliveries records; retry 200; another body 409', () =>
    createRetryConflict('/cooling/deliveries', delivery, { ...delivery, workersReached: 87 }, delivery));

  it('POST /cooling/deliveries/:id/corrections replaces the fields given, items as a whole; retry 200', async () => {
    const items = [...delivery.items, { item: '防暑药品 heatstroke kits', quantity: 86, unit: 'kit' }];
    const corrected = await write('/cooling/deliveries/sleeper-2024-07/corrections', { items, workersReached: 80, reason: 'recount' }, 201);
    expect(corrected.body).toEqual({ ...delivery, items, workersReached: 80 });
    const again = await write('/cooling/deliveries/sleeper-2024-07/corrections', { items, workersReached: 80, reason: 'recount' }, 200);
    expect(again.body).toEqual(corrected.body);
  });

  it('POST /cooling/installations records; retry 200; another body 409', () =>
    createRetryConflict('/cooling/installations', installation, { ...installation, quantity: 17 }, installation));

  it('POST /cooling/installations/:id/corrections corrects; retry 200', async () => {
    const corrected = await write('/cooling/installations/welding-coolers-2024/corrections', { quantity: 18, reason: 'two more' }, 201);
    expect(corrected.body).toEqual({ ...installation, quantity: 18 });
    expect((await write('/cooling/installations/welding-coolers-2024/corrections', { quantity: 18, reason: 'two more' }, 200)).body).toEqual(corrected.body);
  });

  it('the projection counts deliveries, workers reached and equipment installed', async () => {
    await write('/cooling/installations', { ...installation, id: 'sun-hats-2024', kind: 'sun hats', quantity: 86 }, 201);
    expect(await figures('railway')).toMatchObject({ coolingDeliveries: 1, coolingWorkersReached: 80, coolingEquipmentInstalled: 104 });
    expect(await figures('fengtai')).toMatchObject({ coolingDeliveries: 1, coolingWorkersReached: 80 });
  });
});

describe('worker feedback', () => {
  const feedback = { id: 'shoes-2024-07', organizationId: 'railway', date: '2024-07-09', topic: '劳保鞋 protective shoes', suggestions: 12 };

  it('POST /feedback records; retry 200; another body 409', () =>
    createRetryConflict('/feedback', feedback, { ...feedback, suggestions: 13 }, feedback));

  it('POST /feedback/:id/corrections corrects the topic or the count; retry 200', async () => {
    const corrected = await write('/feedback/shoes-2024-07/corrections', { suggestions: 14, reason: 'two came in late' }, 201);
    expect(corrected.body).toEqual({ ...feedback, suggestions: 14 });
    expect((await write('/feedback/shoes-2024-07/corrections', { suggestions: 14, reason: 'two came in late' }, 200)).body).toEqual(corrected.body);
    const topic = await write('/feedback/shoes-2024-07/corrections', { topic: '劳保鞋与工作服 shoes and clothing', reason: 'wider topic' }, 201);
    expect(topic.body).toEqual({ ...feedback, topic: '劳保鞋与工作服 shoes and clothing', suggestions: 14 });
  });

  it('the projection counts visits and suggestions', async () => {
    await write('/feedback', { ...feedback, id: 'clothing-2024-07', topic: 'work clothing', suggestions: 7 }, 201);
    expect(await figures('railway')).toMatchObject({ feedbackVisits: 2, feedbackSuggestions: 21 });
  });
});

describe('skills programme: intakes, applications, admissions', () => {
  const intake = {
    id: 'skills-2024',
    organizationId: 'beijing',
    programme: '职工学历提升计划 skills upgrading',
    tracks: ['public administration', 'business administration'],
    applicationOpens: '2024-03-01',
    applicationCloses: '2024-04-30',
  };
  const base = '/programme/intakes/skills-2024';
  const application = { applicantId: 'ap-1', track: 'public administration', recommendingOrganizationId: 'chaowai', tuitionAid: 'full', date: '2024-03-05' };

  it('POST /programme/intakes opens an intake; retry 200; another body 409', () =>
    createRetryConflict('/programme/intakes', intake, { ...intake, tracks: ['business administration'] }, intake));

  it('POST /programme/intakes/:id/corrections corrects; retry 200', async () => {
    const corrected = await write(`${base}/corrections`, { applicationCloses: '2024-05-15', reason: 'extended' }, 201);
    expect(corrected.body).toEqual({ ...intake, applicationCloses: '2024-05-15' });
    expect((await write(`${base}/corrections`, { applicationCloses: '2024-05-15', reason: 'extended' }, 200)).body).toEqual(corrected.body);
  });

  it('POST …/applications records an application; retry 200; another body for the same applicant 409', () =>
    createRetryConflict(
      `${base}/applications`,
      application,
      { ...application, track: 'business administration' },
      { intakeId: 'skills-2024', ...application, admission: null },
      'applicantId',
    ));

  it('POST …/admission admits; retry 200; another admission 409; its void and a new admission', async () => {
    const admission = { track: 'business administration', tuitionAid: 'partial', date: '2024-06-20' };
    const path = `${base}/applications/ap-1/admission`;
    const first = await write(path, admission, 201);
    expect(first.body).toEqual({ intakeId: 'skills-2024', ...application, admission });
    expect((await write(path, admission, 200)).body).toEqual(first.body);
    await refused(path, { ...admission, tuitionAid: 'none' }, 409, 'applicantId', 'admittedOnce');

    const voided = await write(`${path}/void`, { reason: 'recorded for the wrong applicant' }, 201);
    expect(voided.body).toEqual({ intakeId: 'skills-2024', ...application, admission: null });
    expect((await write(`${path}/void`, { reason: 'recorded for the wrong applicant' }, 200)).body).toEqual(voided.body);
    const again = await write(path, { ...admission, tuitionAid: 'none' }, 201);
    expect(again.body.admission).toEqual({ ...admission, tuitionAid: 'none' });
  });

  it('POST …/applications/:aid/void voids an application; retry 200; the applicant may apply again', async () => {
    await write(`${base}/applications`, { ...application, applicantId: 'ap-2', recommendingOrganizationId: 'railway' }, 201);
    const voided = await write(`${base}/applications/ap-2/void`, { reason: 'duplicate person' }, 201);
    expect(voided.body).toEqual({ intakeId: 'skills-2024', applicantId: 'ap-2', status: 'voided' });
    expect((await write(`${base}/applications/ap-2/void`, { reason: 'duplicate person' }, 200)).body).toEqual(voided.body);
    await write(`${base}/applications`, { ...application, applicantId: 'ap-2', recommendingOrganizationId: 'railway', date: '2024-03-06' }, 201);
    // within the corrected window only
    await write(`${base}/applications`, { ...application, applicantId: 'ap-3', recommendingOrganizationId: 'railway', date: '2024-05-15' }, 201);
  });

  it('the projection counts applications and admissions under the recommending union', async () => {
    expect(await figures('chaowai')).toMatchObject({ programmeApplications: 1, programmeAdmissions: 1 });
    expect(await figures('railway')).toMatchObject({ programmeApplications: 2, programmeAdmissions: 0 });
    expect(await figures('beijing')).toMatchObject({ programmeApplications: 3, programmeAdmissions: 1 });
  });
});

describe('targets', () => {
  const target = { organizationId: 'haidian', measure: 'tripParticipants', period: '2024', target: 100 };

  it('POST /targets sets a target; the same again is 200 with the same body; a revision states the one it replaces', async () => {
    const first = await write('/targets', target, 201);
    expect(first.body).toEqual({ ...target, previousTarget: null });
    expect((await write('/targets', target, 200)).body).toEqual(first.body);

    const revised = await write('/targets', { ...target, target: 120 }, 201);
    expect(revised.body).toEqual({ ...target, target: 120, previousTarget: 100 });
    expect((await write('/targets', { ...target, target: 120 }, 200)).body).toEqual(revised.body);
  });

  it('another measure or year is another target', async () => {
    expect((await write('/targets', { ...target, period: '2025' }, 201)).body.previousTarget).toBeNull();
    expect((await write('/targets', { ...target, measure: 'meals' }, 201)).body.previousTarget).toBeNull();
  });

  it('the progress against it shows in the targets projection', async () => {
    await ledger.caughtUp();
    const res = await ledger.http.get('/projections/targets').query({ organizationId: 'haidian', year: '2024' });
    expect(res.status).toBe(200);
    expect(res.body.targets).toEqual(expect.arrayContaining([expect.objectContaining({ measure: 'tripParticipants', target: 120 })]));
  });
});

describe('identified clinic visitors and meal recipients', () => {
  const clinic = { id: 'xinfadi', organizationId: 'sanlitun', venue: 'Market', date: '2024-06-12', services: ['blood pressure'], workersServed: 3, targetGroups: ['riders'] };
  const meal = { id: 'lunch-01', organizationId: 'sanlitun', partner: 'Cafe', date: '2024-06-13', meals: 2, recipientGroup: 'riders' };

  beforeAll(async () => {
    await write('/clinics', clinic, 201);
    await write('/meals', meal, 201);
  });

  it('POST /clinics/:id/visitors records the new ids; a retry is 200; an overlap records only the new', async () => {
    expect((await write('/clinics/xinfadi/visitors', { participantIds: ['v1', 'v2'] }, 201)).body).toEqual({ recorded: 2, alreadyRecorded: 0 });
    expect((await write('/clinics/xinfadi/visitors', { participantIds: ['v1', 'v2'] }, 200)).body).toEqual({ recorded: 0, alreadyRecorded: 2 });
    expect((await write('/clinics/xinfadi/visitors', { participantIds: ['v2', 'v3'] }, 201)).body).toEqual({ recorded: 1, alreadyRecorded: 1 });
  });

  it('the clinic view never shows the identified visitors', async () => {
    expect((await write('/clinics', clinic, 200)).body).toEqual(clinic);
    expect((await write('/clinics/xinfadi/corrections', { venue: 'Market hall', reason: 'full name' }, 201)).body).toEqual({ ...clinic, venue: 'Market hall' });
  });

  it('POST /meals/:id/recipients records the new ids; a retry is 200', async () => {
    expect((await write('/meals/lunch-01/recipients', { participantIds: ['v1'] }, 201)).body).toEqual({ recorded: 1, alreadyRecorded: 0 });
    expect((await write('/meals/lunch-01/recipients', { participantIds: ['v1'] }, 200)).body).toEqual({ recorded: 0, alreadyRecorded: 1 });
  });

  it('the meal view never shows the identified recipients', async () => {
    expect((await write('/meals', meal, 200)).body).toEqual(meal);
    expect((await write('/meals/lunch-01/corrections', { meals: 3, reason: 'one more' }, 201)).body).toEqual({ ...meal, meals: 3 });
  });

  it('people identified at two services count as multi-service people', async () => {
    expect(await figures('sanlitun')).toMatchObject({ clinics: 1, meals: 3, multiServicePeople: 1 });
  });
});

describe('GET /docs-json', () => {
  const operations: Array<[string, string]> = [
    ['/organizations/{organizationId}/moves', 'MoveOrganizationDto'],
    ['/organizations/{organizationId}/renames', 'RenameOrganizationDto'],
    ['/brands', 'RegisterProgrammeBrandDto'],
    ['/brands/{brandId}/corrections', 'CorrectProgrammeBrandDto'],
    ['/courses/{courseId}/brand', 'AssignCourseToBrandDto'],
    ['/courses/{courseId}/brand/remove', 'RemoveCourseFromBrandDto'],
    ['/trips', 'OrganizeRecuperationTripDto'],
    ['/trips/{tripId}/corrections', 'CorrectRecuperationTripDto'],
    ['/trips/{tripId}/participants', 'RecordTripParticipationDto'],
    ['/trips/{tripId}/participants/{participantId}/void', 'VoidDto'],
    ['/cooling/deliveries', 'RecordCoolingDeliveryDto'],
    ['/cooling/deliveries/{deliveryId}/corrections', 'CorrectCoolingDeliveryDto'],
    ['/cooling/installations', 'RecordCoolingInstallationDto'],
    ['/cooling/installations/{installationId}/corrections', 'CorrectCoolingInstallationDto'],
    ['/feedback', 'RecordWorkerFeedbackDto'],
    ['/feedback/{feedbackId}/corrections', 'CorrectWorkerFeedbackDto'],
    ['/programme/intakes', 'OpenProgrammeIntakeDto'],
    ['/programme/intakes/{intakeId}/corrections', 'CorrectProgrammeIntakeDto'],
    ['/programme/intakes/{intakeId}/applications', 'RecordProgrammeApplicationDto'],
    ['/programme/intakes/{intakeId}/applications/{applicantId}/void', 'VoidDto'],
    ['/programme/intakes/{intakeId}/applications/{applicantId}/admission', 'RecordProgrammeAdmissionDto'],
    ['/programme/intakes/{intakeId}/applications/{applicantId}/admission/void', 'VoidDto'],
    ['/targets', 'SetTargetDto'],
    ['/clinics/{clinicId}/visitors', 'RecordClinicVisitorsDto'],
    ['/meals/{mealId}/recipients', 'RecordMealRecipientsDto'],
    ['/meals/{mealId}/recipients/{participantId}/void', 'VoidDto'],
  ];

  it.each(operations)('describes POST %s with a summary, a tag and its body %s', async (path, dto) => {
    const doc = (await ledger.http.get('/docs-json').expect(200)).body;
    const operation = doc.paths[path]?.post;
    expect(operation).toBeDefined();
    expect(operation.summary).toEqual(expect.any(String));
    expect(operation.tags).toHaveLength(1);
    expect(operation.requestBody.content['application/json'].schema).toEqual({ $ref: `#/components/schemas/${dto}` });
    expect(Object.keys(doc.components.schemas[dto].properties).length).toBeGreaterThan(0);
  });

  it('describes nested list elements by their own schema', async () => {
    const { schemas } = (await ledger.http.get('/docs-json').expect(200)).body.components;
    expect(schemas.RecordCoolingDeliveryDto.properties.items.items).toEqual({ $ref: '#/components/schemas/CoolingItemDto' });
    expect(schemas.RecordTripParticipationDto.properties.participants.items).toEqual({ $ref: '#/components/schemas/TripParticipantDto' });
    expect(schemas.SetTargetDto.properties.measure.enum).toContain('tripParticipants');
    expect(schemas.RecordProgrammeApplicationDto.properties.tuitionAid.enum).toEqual(['full', 'partial', 'none']);
  });
});
