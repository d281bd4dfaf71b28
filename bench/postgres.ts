import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '../test/support/postgres';

/**
 * PostgreSQL for the production-profile figures: the server DATABASE_URL names, on which each part
 * of the bench makes a throwaway database (the tests' helper: C collation, so text sorts as on
 * SQLite) and drops it afterwards, so the bench never writes into DATABASE_URL's own database, where
 * a developer's API may keep its read models.
 *
 * Without DATABASE_URL the PostgreSQL figures are skipped, with a reason, rather than failed: the
 * embedded profile is what every machine can measure, and it should not need a database server.
 */
export type PostgresForBench =
  | { readonly available: true; readonly serverVersion: string }
  | { readonly available: false; readonly reason: string };

export async function postgresForBench(env: NodeJS.ProcessEnv = process.env): Promise<PostgresForBench> {
  const url = env.DATABASE_URL;
  if (!url) {
    return {
      available: false,
      reason: 'DATABASE_URL is not set (e.g. export DATABASE_URL=postgres://ledger:ledger@127.0.0.1:5432/ledger, a role with CREATEDB)',
    };
  }
  // Asked once up front, so that a server that is down, or a role that may not create the throwaway
  // databases, is one clear line rather than failed sections.
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ version: string; createdb: boolean }>(
      `SELECT current_setting('server_version') AS version, rolcreatedb OR rolsuper AS createdb FROM pg_roles WHERE rolname = current_user`,
    );
    if (!rows[0]?.createdb) return { available: false, reason: 'the role in DATABASE_URL lacks CREATEDB, which the throwaway databases need' };
    return { available: true, serverVersion: rows[0].version };
  } catch (error) {
    return { available: false, reason: `PostgreSQL at DATABASE_URL cannot be reached: ${(error as Error).message}` };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Runs `use` with the URL of a new, empty database, dropped afterwards whatever happens. A failed
 * drop is told, not thrown: the figures are measured by then, and a leftover database is named
 * ledger_test_bench_… so that it is plain what left it.
 */
export async function withThrowawayDatabase<T>(label: string, log: (line: string) => void, use: (url: string) => Promise<T>): Promise<T> {
  const database: TestDatabase = await createTestDatabase(`bench_${label}`);
  try {
    return await use(database.url);
  } finally {
    await database.drop().catch((error: Error) => log(`  !! could not drop the throwaway database ${database.name}: ${error.message}`));
  }
}
