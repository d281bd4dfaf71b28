import Database from 'better-sqlite3';
import { join } from 'node:path';
import { EsdbTestServer, startEsdbTestServer } from '../support/esdb-test-server';
import { bearer, startTestLedger, TestLedger } from '../support/ledger-app';
import { createTestDatabase, queryOnce, TestDatabase } from '../support/postgres';

/**
 * Personal data end to end, on the embedded profile and on the production one (EventStoreDB
 * through its gRPC test server, read models, tokens and the vault on PostgreSQL): staff keep a
 * worker's contact details, only staff of the owning organisation read them, each read is
 * recorded, and once an admin forgets the worker the details are gone for good while every count,
 * the distinct people included, and the audit chain stay as they were.
 */
interface Profile {
  readonly name: string;
  start(): Promise<{ ledger: TestLedger; inspect: Inspect; stop(): Promise<void> }>;
}

/** How many rows of a person's key and contact details the vault holds, read around the API. */
type Inspect = (participantId: string) => Promise<number>;

const COUNT_ROWS = `SELECT (SELECT count(*) FROM person_keys WHERE participant_id = $1)
                         + (SELECT count(*) FROM contact_details WHERE participant_id = $1) AS n`;

const NAME = '王秀英师傅';
const PHONE = '+86 139 1234 5678';

const embedded: Profile = {
  name: 'the embedded store',
  start: async () => {
    const ledger = await startTestLedger();
    const inspect: Inspect = async (participantId) => {
      const db = new Database(join(ledger.dataDir, 'vault.sqlite'), { readonly: true });
      try {
        return Number((db.prepare(COUNT_ROWS.replaceAll('$1', '?')).get(participantId, participantId) as { n: number }).n);
      } finally {
        db.close();
      }
    };
    return { ledger, inspect, stop: () => ledger.close() };
  },
};

const production: Profile = {
  name: 'the production profile',
  start: async () => {
    const esdb: EsdbTestServer = await startEsdbTestServer();
    let database: TestDatabase | undefined;
    let ledger: TestLedger;
    try {
      database = await createTestDatabase('forget_person');
      ledger = await startTestLedger({
        config: {
          store: { kind: 'eventstoredb', connectionString: esdb.connectionString },
          readModel: { kind: 'postgres', databaseUrl: database.url },
        },
      });
    } catch (error) {
      await database?.drop();
      await esdb.stop();
      throw error;
    }
    const url = database.url;
    const inspect: Inspect = async (participantId) =>
      Number((await queryOnce<{ n: string }>(url, COUNT_ROWS.replaceAll(' FROM ', ' FROM ledger_vault.'), [participantId]))[0].n);
    return {
      ledger,
      inspect,
      stop: async () => {
        await ledger.close();
        await database!.drop();
        await esdb.stop();
      },
    };
  },
};

describe.each([embedded, production])('forgetting a person on $name', (profile) => {
  let ledger: TestLedger;
  let inspect: Inspect;
  let stop: () => Promise<void>;
  const tokens: Record<string, { id: string; token: string }> = {};
  const as = (who: string) => bearer(tokens[who].token);
  const year = { from: '2024-01-01', to: '2024-12-31' };

  beforeAll(async () => {
    ({ ledger, inspect, stop } = await profile.start());
    const admin = ledger.http;
    await admin.post('/organizations').send({ id: 'beijing', name: '北京市总工会', level: 'federation' }).expect(201);
    await admin.post('/organizations').send({ id: 'chaoyang', name: '朝阳区总工会', level: 'district', parentId: 'beijing' }).expect(201);
    await admin.post('/organizations').send({ id: 'chaowai', name: '朝外街道总工会', level: 'street', parentId: 'chaoyang' }).expect(201);
    await admin.post('/organizations').send({ id: 'haidian', name: '海淀区总工会', level: 'district', parentId: 'beijing' }).expect(201);
    await admin.post('/courses').send({ id: 'painting', organizationId: 'chaowai', name: '彩绘', category: 'art' }).expect(201);
    tokens.staff = await ledger.issueToken('staff', 'chaowai');
    tokens.districtStaff = await ledger.issueToken('staff', 'chaoyang');
    tokens.otherStaff = await ledger.issueToken('staff', 'haidian');
    tokens.analyst = await ledger.issueToken('analyst', null);
    tokens.auditor = await ledger.issueToken('auditor', null);
    tokens.admin = await ledger.issueToken('admin', 'chaoyang');
    const staff = () => ledger.anonymous;
    for (const [session, date, people] of [['s1', '2024-03-04', ['w-1', 'w-2']], ['s2', '2024-03-11', ['w-1', 'w-3']]] as const) {
      await staff().post('/courses/painting/sessions').set('Authorization', as('staff')).send({ id: session, date }).expect(201);
      await staff().post(`/courses/painting/sessions/${session}/attendances`).set('Authorization', as('staff')).send({ participantIds: people }).expect(201);
    }
    await staff().post('/meals').set('Authorization', as('staff')).send({ id: 'meal-1', organizationId: 'chaowai', partner: '爱心餐厅', date: '2024-01-18', meals: 40, recipientGroup: 'riders' }).expect(201);
    // Identified, voided and identified again: three events that name w-1.
    await staff().post('/meals/meal-1/recipients').set('Authorization', as('staff')).send({ participantIds: ['w-1'] }).expect(201);
    await staff().post('/meals/meal-1/recipients/w-1/void').set('Authorization', as('staff')).send({ reason: 'wrong serving' }).expect(201);
    await staff().post('/meals/meal-1/recipients').set('Authorization', as('staff')).send({ participantIds: ['w-1'] }).expect(201);
  }, 60_000);
  afterAll(async () => {
    await stop?.();
  });

  const figures = async () => {
    await ledger.caughtUp();
    return {
      chaowai: (await ledger.http.get('/projections/organizations/chaowai').query(year).expect(200)).body,
      courses: (await ledger.http.get('/projections/courses').query({ organizationId: 'chaowai', ...year }).expect(200)).body,
      frequency: (await ledger.http.get('/projections/frequency').query({ organizationId: 'chaowai' }).expect(200)).body,
    };
  };

  it('keeps contact details for the owning organisation, shows them to its staff only, and records every read', async () => {
    const kept = await ledger.anonymous.post('/people/w-1/contact').set('Authorization', as('staff')).send({ organizationId: 'chaowai', name: NAME, phone: PHONE });
    expect(kept.status).toBe(201);
    expect(kept.body).toEqual({ participantId: 'w-1', organizationId: 'chaowai', name: NAME, phone: PHONE, redacted: false });

    for (const who of ['staff', 'districtStaff']) {
      const read = await ledger.anonymous.get('/people/w-1/contact').set('Authorization', as(who)).expect(200);
      expect(read.body).toEqual({ participantId: 'w-1', organizationId: 'chaowai', name: NAME, phone: PHONE, redacted: false });
    }
    // Nobody else: not staff of another district, not analysts, auditors or admins.
    for (const [who, rule] of [['otherStaff', 'scope'], ['analyst', 'role'], ['auditor', 'role'], ['admin', 'role']]) {
      const refused = await ledger.anonymous.get('/people/w-1/contact').set('Authorization', as(who)).expect(403);
      expect(refused.body.details).toEqual([{ field: rule === 'role' ? 'role' : 'organizationId', rule }]);
    }
    // Nor may another district's staff overwrite them.
    await ledger.anonymous.post('/people/w-1/contact').set('Authorization', as('otherStaff')).send({ organizationId: 'haidian', name: 'x' }).expect(403);

    // The log holds that they were kept and read, by whom: never the details.
    const { body: history } = await ledger.anonymous.get('/audit/streams/person-w-1').set('Authorization', as('auditor')).expect(200);
    expect(history.events.map((e: { type: string; metadata: { actor: string } }) => [e.type, e.metadata.actor])).toEqual([
      ['ContactDetailsKept', tokens.staff.id],
      ['ContactDetailsViewed', tokens.staff.id],
      ['ContactDetailsViewed', tokens.districtStaff.id],
    ]);
    expect(JSON.stringify(history)).not.toContain(NAME);
    expect(JSON.stringify(history)).not.toContain(PHONE);
  });

  it('forgets the person: the details are destroyed, every count and the audit chain stay as they were', async () => {
    const before = await figures();
    expect(before.chaowai).toMatchObject({ attendances: 4, distinctParticipants: 3 });
    expect(await inspect('w-1')).toBe(2);

    // Only an admin whose scope holds the owning organisation may forget.
    await ledger.anonymous.post('/people/w-1/forget').set('Authorization', as('staff')).send({ grounds: 'participant-request' }).expect(403);
    const forgotten = await ledger.anonymous.post('/people/w-1/forget').set('Authorization', as('admin')).send({ grounds: 'participant-request' });
    expect(forgotten.status).toBe(201);
    expect(forgotten.body).toEqual({ participantId: 'w-1', forgotten: true, forgottenAt: expect.any(String) });
    expect((await ledger.anonymous.post('/people/w-1/forget').set('Authorization', as('admin')).send({ grounds: 'participant-request' })).status).toBe(200);

    // Unnamed everywhere: the vault answers redacted, and holds neither key nor details any more.
    const read = await ledger.anonymous.get('/people/w-1/contact').set('Authorization', as('staff')).expect(200);
    expect(read.body).toEqual({ participantId: 'w-1', name: null, phone: null, redacted: true, forgottenAt: forgotten.body.forgottenAt });
    await ledger.anonymous.post('/people/w-1/contact').set('Authorization', as('staff')).send({ organizationId: 'chaowai', name: NAME }).expect(409);
    expect(await inspect('w-1')).toBe(0);

    // Still counted, the distinct people included, and after a rebuild from the log too.
    expect(await figures()).toEqual(before);
    await ledger.http.post('/admin/projections/participation_v6/rebuild').expect((res) => expect([200, 202]).toContain(res.status));
    await waitForRebuild(ledger);
    expect(await figures()).toEqual(before);

    // The chain still verifies: the log was not touched.
    const verified = await ledger.anonymous.get('/audit/verify').set('Authorization', as('auditor')).expect(200);
    expect(verified.body).toMatchObject({ ok: true });
  });

  it('marks the forgotten person in history, explanations and exports, and nobody else', async () => {
    const { body: explained } = await ledger.http.get('/projections/organizations/chaowai').query({ ...year, explain: true }).expect(200);
    const attended = (explained.explanation.events as Array<{ type: string; data: { participantId?: string }; forgottenParticipants?: string[] }>).filter(
      (e) => e.type === 'CourseSessionAttended',
    );
    expect(attended.map((e) => [e.data.participantId, e.forgottenParticipants])).toEqual([
      ['w-1', ['w-1']],
      ['w-2', undefined],
      ['w-1', ['w-1']],
      ['w-3', undefined],
    ]);

    const streamName = await sessionStream(ledger);
    const { body } = await ledger.anonymous.get(`/audit/streams/${encodeURIComponent(streamName)}`).set('Authorization', as('auditor')).expect(200);
    const marks = body.events.map((e: { type: string; data: { participantId?: string }; forgottenParticipants?: string[] }) => [e.type, e.data.participantId, e.forgottenParticipants]);
    expect(marks).toEqual([
      ['CourseSessionHeld', undefined, undefined],
      ['CourseSessionAttended', 'w-1', ['w-1']],
      ['CourseSessionAttended', 'w-2', undefined],
    ]);

    const exported = await ledger.anonymous.get('/audit/export').set('Authorization', as('auditor')).buffer(true).parse((res, done) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => done(null, text));
    });
    const lines = (exported.body as string).trimEnd().split('\n').slice(1).map((line) => JSON.parse(line) as { type: string; data: Record<string, unknown>; forgottenParticipants?: string[] });
    const marked = lines.filter((line) => line.forgottenParticipants !== undefined).map((line) => line.type);
    expect(marked).toEqual(['CourseSessionAttended', 'CourseSessionAttended', 'MealRecipientsRecorded', 'MealRecipientVoided', 'MealRecipientsRecorded', 'ContactDetailsKept', 'ContactDetailsViewed', 'ContactDetailsViewed', 'PersonForgotten']);
    expect(lines.every((line) => (line.forgottenParticipants ?? []).every((id) => id === 'w-1'))).toBe(true);
    expect(exported.body).not.toContain(NAME);
  });
});

/** The stream of session s1, as the history names it. */
async function sessionStream(ledger: TestLedger): Promise<string> {
  const { body } = await ledger.http.get('/audit/log').query({ limit: 100 }).expect(200);
  return (body.events as Array<{ type: string; streamName: string }>).find((e) => e.type === 'CourseSessionHeld')!.streamName;
}

async function waitForRebuild(ledger: TestLedger): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const { body } = await ledger.http.get('/projections/status').expect(200);
    const busy = (body.projections as Array<{ rebuilding?: unknown; lag: number }>).some((p) => p.rebuilding || p.lag > 0);
    if (!busy) return;
    if (Date.now() > deadline) throw new Error('the rebuild did not finish in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
