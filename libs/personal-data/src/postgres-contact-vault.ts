import { escapeIdentifier, Pool, PoolClient } from 'pg';
import { createSchemaOnce, inTransaction, openPool, queryPool, unavailableOr } from '../../projections/src/postgres-pool';
import { ContactDetails, ContactUnreadableError, ContactVault, KeptContact } from './contact-vault.port';
import { KEY_BYTES, newDataKey, sealDetails, unwrapKey, wrapKey } from './envelope';
import { PersonRow, toKeptContact } from './person-row';

/** The vault's own schema, beside `ledger` (read models) and `ledger_access`: rebuilding read models never touches it. */
export const VAULT_SCHEMA = 'ledger_vault';

const S = escapeIdentifier(VAULT_SCHEMA);

/**
 * Advisory lock keys (class, id), next to the read-model store's (0x1ed9e0, 0x1ed9e1), the projection
 * leases' (0x1ed9e2) and the token registry's (0x1ed9e5): (SCHEMA, 0) while the tables are created; (PERSON, hashtext(id)) around
 * every keep and forget of one person.
 */
const LOCK_VAULT_SCHEMA = 0x1ed9e3;
const LOCK_VAULT_PERSON = 0x1ed9e4;

const TABLES = [
  `CREATE TABLE IF NOT EXISTS ${S}.person_keys (participant_id text PRIMARY KEY, wrapped_key bytea NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS ${S}.contact_details (
     participant_id text PRIMARY KEY,
     organization_id text NOT NULL,
     sealed bytea NOT NULL,
     updated_at text NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS ${S}.forgotten_people (participant_id text PRIMARY KEY, forgotten_at text NOT NULL)`,
];

/** One person as one statement (one snapshot) sees them: tombstone, details and key. */
const PERSON = `
  SELECT f.forgotten_at, d.organization_id, d.sealed, d.updated_at, k.wrapped_key
  FROM (SELECT $1::text AS participant_id) AS p
  LEFT JOIN ${S}.forgotten_people AS f ON f.participant_id = p.participant_id
  LEFT JOIN ${S}.contact_details AS d ON d.participant_id = p.participant_id
  LEFT JOIN ${S}.person_keys AS k ON k.participant_id = p.participant_id`;

/**
 * The contact vault on PostgreSQL, in the `ledger_vault` schema, through a pool of its own (4
 * connections: staff look details up one at a time). Times are TEXT, as on SQLite, so they come back
 * exactly as given. A connection that fails (refused, reset, timed out) rejects with
 * ReadModelsUnavailableError, the mapping every PostgreSQL adapter shares (postgres-pool.ts), which
 * the API answers with 503.
 *
 * Keep and forget of one person take a transaction-scoped advisory lock on the person: under READ
 * COMMITTED a keep that had checked for a tombstone could otherwise write details just after a
 * concurrent forget committed, and the details would outlive the forgetting.
 *
 * What forgetting leaves on disk: PostgreSQL deletes by marking a tuple dead, so the wrapped key's
 * bytes stay in the table's pages until VACUUM marks the space free and a later write reuses it (and
 * in WAL, WAL archives, replicas' and backups' copies for as long as those are kept). VACUUM cannot
 * run inside a transaction block, and VACUUM FULL locks the table, so forget does the deletes and
 * nothing more: operators rely on autovacuum, which reaches a table this small soon after its rows
 * change. Those leftover bytes are still wrapped under the master key; what makes the forgetting
 * final is that no copy of the key outlives the backups that may hold them.
 */
export class PostgresContactVault implements ContactVault {
  private readonly masterKey: Buffer;
  private closed = false;

  private constructor(
    private readonly pool: Pool,
    masterKey: Buffer,
  ) {
    this.masterKey = Buffer.from(masterKey); // our own copy, wiped on close
  }

  /** Connects, and creates the schema and its tables if need be; safe when several processes open at once. */
  static async open(connectionString: string, masterKey: Buffer, options: { onIdleError?: (error: Error) => void } = {}): Promise<PostgresContactVault> {
    if (masterKey.length !== KEY_BYTES) throw new RangeError(`the vault's master key must be ${KEY_BYTES} bytes`);
    const pool = await openPool(
      { connectionString, max: 4, application_name: 'activity-ledger contact vault', onIdleError: options.onIdleError },
      async (client) => {
        await createSchemaOnce(client, VAULT_SCHEMA, LOCK_VAULT_SCHEMA);
        for (const statement of TABLES) await client.query(statement);
      },
    );
    return new PostgresContactVault(pool, masterKey);
  }

  async keep(participantId: string, organizationId: string, details: ContactDetails, at: string): Promise<'kept' | 'forgotten'> {
    return this.transaction(async (client) => {
      await lockPerson(client, participantId);
      const { rows } = await client.query<PersonRow>(PERSON, [participantId]);
      const person = rows[0];
      if (person.forgotten_at !== null) return 'forgotten';
      let dataKey: Buffer;
      if (person.wrapped_key !== null) {
        dataKey = unwrapKey(person.wrapped_key, this.masterKey, participantId); // another master key: throws, rolled back
      } else {
        dataKey = newDataKey();
        await client.query(`INSERT INTO ${S}.person_keys (participant_id, wrapped_key) VALUES ($1, $2)`, [
          participantId,
          wrapKey(dataKey, this.masterKey, participantId),
        ]);
      }
      let sealed: Buffer;
      try {
        sealed = sealDetails(details, dataKey, participantId);
      } finally {
        dataKey.fill(0);
      }
      await client.query(
        `INSERT INTO ${S}.contact_details (participant_id, organization_id, sealed, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (participant_id) DO UPDATE SET
           organization_id = excluded.organization_id, sealed = excluded.sealed, updated_at = excluded.updated_at`,
        [participantId, organizationId, sealed, at],
      );
      return 'kept';
    });
  }

  async read(participantId: string): Promise<KeptContact | undefined> {
    const { rows } = await queryPool<PersonRow>(this.pool, { text: PERSON, values: [participantId] });
    return toKeptContact(participantId, rows[0], this.masterKey);
  }

  async ownerOf(participantId: string): Promise<string | undefined> {
    const { rows } = await queryPool<{ organization_id: string }>(this.pool, {
      text: `SELECT organization_id FROM ${S}.contact_details WHERE participant_id = $1`,
      values: [participantId],
    });
    return rows[0]?.organization_id;
  }

  async forget(participantId: string, at: string): Promise<{ readonly forgottenAt: string }> {
    return this.transaction(async (client) => {
      await lockPerson(client, participantId);
      await client.query(`DELETE FROM ${S}.person_keys WHERE participant_id = $1`, [participantId]);
      await client.query(`DELETE FROM ${S}.contact_details WHERE participant_id = $1`, [participantId]);
      await client.query(`INSERT INTO ${S}.forgotten_people (participant_id, forgotten_at) VALUES ($1, $2) ON CONFLICT (participant_id) DO NOTHING`, [
        participantId,
        at,
      ]);
      const { rows } = await client.query<{ forgotten_at: string }>(`SELECT forgotten_at FROM ${S}.forgotten_people WHERE participant_id = $1`, [
        participantId,
      ]);
      return { forgottenAt: rows[0].forgotten_at };
    });
  }

  async forgottenAmong(participantIds: readonly string[]): Promise<ReadonlySet<string>> {
    if (participantIds.length === 0) return new Set();
    const { rows } = await queryPool<{ participant_id: string }>(this.pool, {
      text: `SELECT participant_id FROM ${S}.forgotten_people WHERE participant_id = ANY($1::text[])`,
      values: [[...new Set(participantIds)]],
    });
    return new Set(rows.map((row) => row.participant_id));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
    this.masterKey.fill(0);
  }

  /** Runs `work` in one transaction on one pooled connection: COMMIT if it resolves, ROLLBACK if it throws. */
  private transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    // Ours as they are: unavailableOr also judges by the message, and must not take a key error for a lost connection.
    return inTransaction(this.pool, work, (error) => (error instanceof ContactUnreadableError ? error : unavailableOr(error)));
  }
}

/** Serialises keep and forget of one person across every process (ids hashing alike only wait for each other). */
async function lockPerson(client: PoolClient, participantId: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_VAULT_PERSON, participantId]);
}
