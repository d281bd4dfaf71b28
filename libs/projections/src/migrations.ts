/**
 * Versioned changes to the read-model registry (active generations, idempotency keys), applied in
 * order at start-up by every ReadModelStore adapter, each recorded in `schema_migrations`. One list
 * for SQLite and PostgreSQL: the SQL is written to run on both, unqualified (PostgreSQL runs it with
 * the registry schema as its search_path); a migration that cannot be portable gives a dialect's
 * variant in `dialects`, and nowhere else.
 *
 * Append only: a released migration never changes, a change is a new version. Version 1 and 2 use
 * IF NOT EXISTS because SQLite registries created before this list existed already hold the tables.
 */
export type Dialect = 'sqlite' | 'postgres';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly statements: readonly string[];
  /** Replaces `statements` on one dialect, where portable SQL is not possible. */
  readonly dialects?: Partial<Record<Dialect, readonly string[]>>;
}

export interface AppliedMigration {
  readonly version: number;
  readonly name: string;
  /** ISO 8601, UTC. */
  readonly appliedAt: string;
}

export const REGISTRY_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'projection generations',
    statements: ['CREATE TABLE IF NOT EXISTS projection_generations (projection TEXT PRIMARY KEY, generation INTEGER NOT NULL)'],
  },
  {
    version: 2,
    name: 'idempotency keys',
    statements: [
      `CREATE TABLE IF NOT EXISTS idempotency_keys (
         scope TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL,
         status INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (scope, key))`,
    ],
  },
  {
    version: 3,
    name: 'rebuilding generation',
    // Any API process may ask for a rebuild; the one running the projection carries it out.
    statements: ['ALTER TABLE projection_generations ADD COLUMN rebuilding INTEGER'],
  },
];

/** The table that records which migrations have run: created before any of them, the same on both dialects. */
export const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`;

export const SELECT_APPLIED = 'SELECT version, name, applied_at FROM schema_migrations ORDER BY version';
export const RECORD_APPLIED = 'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)';

/** The migrations not yet applied, in version order; refuses a list whose versions do not strictly increase. */
export function pendingMigrations(applied: Iterable<number>, migrations: readonly Migration[] = REGISTRY_MIGRATIONS): Migration[] {
  migrations.forEach((migration, i) => {
    if (!Number.isSafeInteger(migration.version) || (i > 0 && migration.version <= migrations[i - 1].version)) {
      throw new Error(`read-model migrations must have strictly increasing integer versions (at ${migration.version} ${migration.name})`);
    }
  });
  const done = new Set(applied);
  return migrations.filter((migration) => !done.has(migration.version));
}

export function migrationStatements(migration: Migration, dialect: Dialect): readonly string[] {
  return migration.dialects?.[dialect] ?? migration.statements;
}

export function toAppliedMigration(row: { version: number | string; name: string; applied_at: string }): AppliedMigration {
  return { version: Number(row.version), name: row.name, appliedAt: row.applied_at };
}
