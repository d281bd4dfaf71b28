import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '../../../test/support/postgres';
import { PostgresProjectionLeases } from './postgres-projection-leases';

/** Leases between processes: each PostgresProjectionLeases stands for one API process. */
describe('PostgresProjectionLeases', () => {
  let database: TestDatabase;
  const opened: PostgresProjectionLeases[] = [];
  const leases = (onLost?: (error: Error) => void) => {
    const made = new PostgresProjectionLeases(database.url, onLost, 2000);
    opened.push(made);
    return made;
  };

  beforeAll(async () => {
    database = await createTestDatabase('projection-leases');
  });
  afterEach(async () => {
    for (const made of opened.splice(0)) await made.close();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('gives a projection to one process at a time, and each projection separately', async () => {
    const [a, b] = [leases(), leases()];
    expect(await a.acquire('counted_v1')).toBe(true);
    expect(await b.acquire('counted_v1')).toBe(false);
    expect(await a.acquire('counted_v1')).toBe(true); // confirmed, not taken twice
    expect(await b.acquire('other_v1')).toBe(true);
    expect(await a.acquire('other_v1')).toBe(false);
  });

  it('frees a lease when its holder releases it or closes', async () => {
    const [a, b] = [leases(), leases()];
    await a.acquire('counted_v1');
    await a.release('counted_v1');
    expect(await b.acquire('counted_v1')).toBe(true);
    await b.close();
    expect(await a.acquire('counted_v1')).toBe(true);
  });

  it('loses every lease with its connection (a dead process), says so, and can take one again later', async () => {
    const lost: Error[] = [];
    const [a, b] = [leases((error) => lost.push(error)), leases()];
    expect(await a.acquire('counted_v1')).toBe(true);

    // What PostgreSQL does when the holder's socket closes: the session ends, its locks go.
    const admin = new Client({ connectionString: database.url });
    await admin.connect();
    try {
      await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'activity-ledger projection leases' AND datname = current_database()");
    } finally {
      await admin.end();
    }
    expect(await b.acquire('counted_v1')).toBe(true);
    expect(await a.acquire('counted_v1')).toBe(false); // its confirmation fails: it knows it lost it
    expect(lost).toHaveLength(1);

    await b.release('counted_v1');
    expect(await a.acquire('counted_v1')).toBe(true); // a new connection
  });
});
