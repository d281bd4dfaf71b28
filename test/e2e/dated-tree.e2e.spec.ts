import { startTestLedger, TestLedger } from '../support/ledger-app';

/** Roll-ups follow the tree as it stood on each activity's date, or today's tree with tree=current. */
describe('a street union moves to another district', () => {
  let ledger: TestLedger;
  const year = { from: '2024-01-01', to: '2024-12-31' };

  beforeAll(async () => {
    ledger = await startTestLedger();
    const { http } = ledger;
    const post = async (path: string, body: object, status = 201) => http.post(path).send(body).expect(status);
    await post('/organizations', { id: 'city', name: 'City federation', level: 'federation' });
    await post('/organizations', { id: 'east', name: 'East district', level: 'district', parentId: 'city' });
    await post('/organizations', { id: 'west', name: 'West district', level: 'district', parentId: 'city' });
    await post('/organizations', { id: 'street', name: 'Street union', level: 'street', parentId: 'east' });
    const meal = (id: string, date: string, meals: number) =>
      post('/meals', { id, organizationId: 'street', partner: 'restaurant', date, meals, recipientGroup: 'riders' });
    await meal('before-move', '2024-03-18', 75);
    await post('/organizations/street/moves', { newParentId: 'west', effectiveDate: '2024-07-01' });
    await post('/organizations/street/renames', { name: 'Street union (renamed)', effectiveDate: '2024-07-01' });
    await meal('after-move', '2024-09-18', 60);
    await ledger.caughtUp();
  });
  afterAll(() => ledger.close());

  const meals = async (organizationId: string, query: Record<string, string> = {}) =>
    (await ledger.http.get(`/projections/organizations/${organizationId}`).query({ ...year, ...query }).expect(200)).body.meals;

  it('counts each activity under the district the street belonged to on that date, by default', async () => {
    expect(await meals('east')).toBe(75);
    expect(await meals('west')).toBe(60);
    expect(await meals('city')).toBe(135);
  });

  it("counts everything under today's district with tree=current", async () => {
    expect(await meals('east', { tree: 'current' })).toBe(0);
    expect(await meals('west', { tree: 'current' })).toBe(135);
    expect(await meals('city', { tree: 'current' })).toBe(135);
  });

  it('keeps the organisation, now under its new parent and with its new name', async () => {
    const street = await ledger.http.get('/organizations/street').expect(200);
    expect(street.body).toMatchObject({ id: 'street', name: 'Street union (renamed)', parentId: 'west' });
  });

  it('refuses a move that would make a cycle, and changes nothing', async () => {
    const head = await ledger.headPosition();
    const refused = await ledger.http.post('/organizations/east/moves').send({ newParentId: 'east', effectiveDate: '2024-08-01' });
    expect(refused.status).toBe(400);
    const cycle = await ledger.http.post('/organizations/city/moves').send({ newParentId: 'street', effectiveDate: '2024-08-01' });
    expect(cycle.status).toBe(409);
    expect(cycle.body.details).toEqual([{ field: 'newParentId', rule: 'noCycle' }]);
    expect(await ledger.headPosition()).toBe(head);
  });

  it('rejects an unknown tree value', async () => {
    const bad = await ledger.http.get('/projections/organizations/east').query({ tree: 'someday' }).expect(400);
    expect(bad.body.details).toEqual([{ field: 'tree', rule: 'isIn' }]);
  });
});
