import Database from 'better-sqlite3';
import { openSharedSqliteFile } from '../../projections/src/sqlite-shared-file';
import { ContactDetails, ContactVault, KeptContact } from './contact-vault.port';
import { KEY_BYTES, newDataKey, sealDetails, unwrapKey, wrapKey } from './envelope';
import { PersonRow, toKeptContact } from './person-row';

/** The vault's file in the API's data directory: `<dataDir>/vault.sqlite`. */
export const SQLITE_VAULT_FILE = 'vault.sqlite';

/** The three tables: keys, details and tombstones apart, so forgetting is three plain statements. */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS person_keys (participant_id TEXT PRIMARY KEY, wrapped_key BLOB NOT NULL);
  CREATE TABLE IF NOT EXISTS contact_details (
    participant_id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL,
    sealed BLOB NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS forgotten_people (participant_id TEXT PRIMARY KEY, forgotten_at TEXT NOT NULL);
`;

/**
 * The contact vault in one SQLite file (`<dataDir>/vault.sqlite`), shared safely by every process
 * that opens it.
 *
 * - WAL with synchronous=FULL: a keep or forget is fsynced before its promise resolves, so an
 *   acknowledged forget survives kill -9 and power loss (better-sqlite3 defaults WAL to NORMAL).
 * - busy_timeout 5000: writers of other processes are waited for rather than failed; keep and forget
 *   are IMMEDIATE transactions, so a keep racing a forget in another process never stores details
 *   after the tombstone.
 * - secure_delete=ON: deleted rows are overwritten with zeros in the page, so a destroyed key's
 *   bytes do not linger in free space of the file.
 */
export class SqliteContactVault implements ContactVault {
  private readonly db: Database.Database;
  private readonly masterKey: Buffer;
  private readonly statements;
  private closed = false;

  constructor(file: string, masterKey: Buffer) {
    if (masterKey.length !== KEY_BYTES) throw new RangeError(`the vault's master key must be ${KEY_BYTES} bytes`);
    this.masterKey = Buffer.from(masterKey); // our own copy, wiped on close
    this.db = openSharedSqliteFile(file, 'the contact vault', (db) => {
      db.pragma('secure_delete = ON');
      db.exec(SCHEMA);
      return db;
    });
    const prepare = (sql: string) => this.db.prepare(sql);
    this.statements = {
      person: prepare(`
        SELECT f.forgotten_at, d.organization_id, d.sealed, d.updated_at, k.wrapped_key
        FROM (SELECT ? AS participant_id) AS p
        LEFT JOIN forgotten_people AS f ON f.participant_id = p.participant_id
        LEFT JOIN contact_details AS d ON d.participant_id = p.participant_id
        LEFT JOIN person_keys AS k ON k.participant_id = p.participant_id`),
      owner: prepare('SELECT organization_id FROM contact_details WHERE participant_id = ?').pluck(),
      insertKey: prepare('INSERT INTO person_keys (participant_id, wrapped_key) VALUES (?, ?)'),
      upsertDetails: prepare(`
        INSERT INTO contact_details (participant_id, organization_id, sealed, updated_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (participant_id) DO UPDATE SET
          organization_id = excluded.organization_id, sealed = excluded.sealed, updated_at = excluded.updated_at`),
      deleteKey: prepare('DELETE FROM person_keys WHERE participant_id = ?'),
      deleteDetails: prepare('DELETE FROM contact_details WHERE participant_id = ?'),
      tombstone: prepare('INSERT INTO forgotten_people (participant_id, forgotten_at) VALUES (?, ?) ON CONFLICT (participant_id) DO NOTHING'),
      forgottenAt: prepare('SELECT forgotten_at FROM forgotten_people WHERE participant_id = ?').pluck(),
      // One statement for any number of ids: the list goes in as a JSON array.
      forgottenAmong: prepare('SELECT participant_id FROM forgotten_people WHERE participant_id IN (SELECT value FROM json_each(?))').pluck(),
    };
  }

  /** The same as the constructor, with the shape of PostgresContactVault.open. */
  static async open(file: string, masterKey: Buffer): Promise<SqliteContactVault> {
    return new SqliteContactVault(file, masterKey);
  }

  async keep(participantId: string, organizationId: string, details: ContactDetails, at: string): Promise<'kept' | 'forgotten'> {
    return this.db
      .transaction((): 'kept' | 'forgotten' => {
        const person = this.statements.person.get(participantId) as PersonRow;
        if (person.forgotten_at !== null) return 'forgotten';
        let dataKey: Buffer;
        if (person.wrapped_key !== null) {
          dataKey = unwrapKey(person.wrapped_key, this.masterKey, participantId); // another master key: throws, nothing written
        } else {
          dataKey = newDataKey();
          this.statements.insertKey.run(participantId, wrapKey(dataKey, this.masterKey, participantId));
        }
        try {
          this.statements.upsertDetails.run(participantId, organizationId, sealDetails(details, dataKey, participantId), at);
        } finally {
          dataKey.fill(0);
        }
        return 'kept';
      })
      .immediate();
  }

  async read(participantId: string): Promise<KeptContact | undefined> {
    return toKeptContact(participantId, this.statements.person.get(participantId) as PersonRow, this.masterKey);
  }

  async ownerOf(participantId: string): Promise<string | undefined> {
    return (this.statements.owner.get(participantId) as string | undefined) ?? undefined;
  }

  async forget(participantId: string, at: string): Promise<{ readonly forgottenAt: string }> {
    const forgottenAt = this.db
      .transaction(() => {
        this.statements.deleteKey.run(participantId);
        this.statements.deleteDetails.run(participantId);
        this.statements.tombstone.run(participantId, at);
        return this.statements.forgottenAt.get(participantId) as string;
      })
      .immediate();
    // secure_delete zeroed the rows in the new versions of their pages, but in WAL mode those go to
    // the -wal file, and the old versions (with the wrapped key) stay in the main file, and in older
    // WAL frames, until a checkpoint copies the new pages over them. TRUNCATE checkpoints everything
    // now and empties the WAL file, so the key's bytes are gone from disk when forget resolves.
    // Should a reader of another process hold an old snapshot past busy_timeout, the checkpoint
    // stops short (busy) and the next one, automatic or another forget's, finishes the job.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    return { forgottenAt };
  }

  async forgottenAmong(participantIds: readonly string[]): Promise<ReadonlySet<string>> {
    if (participantIds.length === 0) return new Set();
    return new Set(this.statements.forgottenAmong.all(JSON.stringify([...new Set(participantIds)])) as string[]);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
    this.masterKey.fill(0);
  }
}
