import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * PostgreSQL for tests. The server is the one DATABASE_URL names (`bash .ci/run` installs and
 * starts one and exports it); each test gets a database of its own, created empty and dropped
 * after, so test files run in parallel without seeing each other's rows. The role in DATABASE_URL
 * therefore needs CREATEDB.
 *
 * Without DATABASE_URL the PostgreSQL cases fail, saying how to start PostgreSQL: a skipped adapter
 * would look like a passing one.
 */
export const POSTGRES_MISSING =
  'DATABASE_URL is not set, so the PostgreSQL read-model tests cannot run. `bash .ci/run` installs PostgreSQL if needed, ' +
  'starts it on 127.0.0.1 and exports DATABASE_URL before `npm ci && npm test`. By hand: ' +
  '`pg_ctlcluster --skip-systemctl-redirect 15 main start`, then ' +
  `\`su postgres -c "psql -c \\"CREATE ROLE ledger LOGIN CREATEDB PASSWORD 'ledger'\\""\`, ` +
  '`su postgres -c "createdb -O ledger ledger"` and ' +
  '`export DATABASE_URL=postgres://ledger:ledger@127.0.0.1:5432/ledger`.';

/** DATABASE_URL, or an error that says how to get PostgreSQL running. */
export function postgresUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error(POSTGRES_MISSING);
  return url;
}

export interface TestDatabase {
  readonly name: string;
  /** DATABASE_URL with this database in place of its own. */
  readonly url: string;
  drop(): Promise<void>;
}

/**
 * A new, empty database on DATABASE_URL's server, named after `label` (the test file) plus a
 * random suffix. Its collation is C, so ORDER BY on text sorts by code point as SQLite's BINARY
 * does, whatever the server's default locale.
 */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const server = postgresUrl();
  const name = `ledger_test_${label.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 30)}_${randomBytes(5).toString('hex')}`;
  const url = parseUrl(server);
  url.pathname = `/${name}`;
  await asAdmin(server, `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`);
  return {
    name,
    url: url.toString(),
    drop: () => dropDatabase(server, name),
  };
}

/**
 * Plain DROP DATABASE, retried while something still holds the database (a pool still closing).
 * Not WITH (FORCE) first: that needs the right to end every backend there, autovacuum's included,
 * which a CREATEDB role lacks, whereas the plain form cancels autovacuum itself.
 */
async function dropDatabase(server: string, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await asAdmin(server, `DROP DATABASE IF EXISTS ${name}`);
    } catch (error) {
      if ((error as { code?: string }).code !== '55006') throw error; // object_in_use
      if (attempt === 20) return await asAdmin(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function asAdmin(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`cannot reach PostgreSQL at DATABASE_URL (${redact(url)}): ${(error as Error).message}. ${POSTGRES_MISSING.slice(POSTGRES_MISSING.indexOf('`bash'))}`);
  }
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function parseUrl(url: string): URL {
  try {
    return new URL(url);
  } catch {
    throw new Error('DATABASE_URL must be a URL, postgres://user:password@host:port/database, for the tests to make databases beside it');
  }
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(not a postgres:// URL)';
  }
}

/** One statement on a connection of its own, opened and closed around it: a look at a database beside the code under test. */
export async function queryOnce<Row>(url: string, text: string, values: unknown[] = []): Promise<Row[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as Row[];
  } finally {
    await client.end();
  }
}
