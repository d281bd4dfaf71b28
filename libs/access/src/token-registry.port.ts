import { Role, ROLES } from './authorize';

/**
 * A bearer token as the registry keeps it: everything but the secret. The secret is shown once, when
 * the token is issued, and only its SHA-256 hash is stored (token.ts), so a leaked registry gives
 * nobody a token they can use. Optional fields that were never set are absent, never `null` or
 * `undefined`: what is registered comes back `toStrictEqual` to what was given.
 */
export interface AccessToken {
  /** Chosen by the caller (`tok-3f9a…`), public: what an admin names to revoke a token without knowing its secret. */
  readonly id: string;
  readonly role: Role;
  /** The organisation (and its subtree) the token acts for; null = every organisation. */
  readonly organizationId: string | null;
  /** What a person wrote to recognise the token later ("the Haidian kiosk"): never used in a decision. */
  readonly label?: string;
  /** ISO 8601 UTC, as `Date#toISOString()` writes it: `list()` sorts this text, so one format keeps it in time order. */
  readonly createdAt: string;
  /** Principal id of the issuer: who to ask about a token nobody recognises. */
  readonly createdBy: string;
  /** ISO 8601. Kept, not enforced here: `authorize` refuses an expired principal with the clock it is given. */
  readonly expiresAt?: string;
  /** ISO 8601. Set once, by `revoke`; kept rather than deleted so an auditor can see when access ended. */
  readonly revokedAt?: string;
}

/**
 * Where bearer tokens are registered and revoked. One registry is shared by every API process (one
 * SQLite file, or one PostgreSQL schema) and nothing is cached in front of it, so a revocation one
 * process made stops the token on every other at once, at its next lookup.
 */
export interface TokenRegistry {
  /** Registers a token under the SHA-256 hex hash of its secret; false (and nothing changed) when the id or the hash is already registered. */
  register(token: AccessToken, hash: string): Promise<boolean>;
  /** The token registered under this hash, revoked and expired ones included: the caller decides what they may do. */
  findByHash(hash: string): Promise<AccessToken | undefined>;
  find(id: string): Promise<AccessToken | undefined>;
  /** Every token, oldest first (createdAt then id). */
  list(): Promise<AccessToken[]>;
  /** Marks the token revoked at `at`; revoking again keeps the first time. undefined when no such token. */
  revoke(id: string, at: string): Promise<AccessToken | undefined>;
  /** Registers a device code under the SHA-256 hex hash of its normalised text (device-code.ts); false (and nothing changed) when the hash is taken. */
  registerDeviceCode(code: DeviceCode, hash: string): Promise<boolean>;
  /**
   * Marks the code registered under this hash used at `at`, and gives it, when it was neither used
   * nor expired at `at`; otherwise undefined, and nothing changed. One statement: of any number of
   * concurrent redemptions, on any process, exactly one gets the code.
   */
  redeemDeviceCode(hash: string, at: string): Promise<DeviceCode | undefined>;
  close(): Promise<void>;
}

/**
 * A one-time code an admin issued so that a tablet can sign in without anyone typing a token: its
 * redemption issues a token with this role and scope. Like a token, only its hash is kept. Eight
 * characters hash quickly enough to be found again from a leaked registry, which is why a code is
 * good for minutes only, and once.
 */
export interface DeviceCode {
  readonly role: Role;
  readonly organizationId: string;
  /** What the admin wrote to recognise the tablet; the token is labelled `device: <label>`. */
  readonly label?: string;
  /** How long the token issued on redemption works, counted from the redemption. */
  readonly validForHours: number;
  /** ISO 8601 UTC. */
  readonly createdAt: string;
  /** Principal id of the admin who issued it: the issued token's `createdBy`. */
  readonly createdBy: string;
  /** ISO 8601 UTC, as `Date#toISOString()` writes it (redemption compares it as text with its `at`): from this instant on, the code redeems nothing. */
  readonly expiresAt: string;
  /** ISO 8601. Set once, by the one redemption that succeeded. */
  readonly usedAt?: string;
}

// ---------------------------------------------------------------------------------------------
// What both adapters store. Not part of the port: shared here so SQLite and PostgreSQL keep one
// table definition, one validation and one row mapping, and cannot drift apart.
// ---------------------------------------------------------------------------------------------

/**
 * A versioned change to the registry's tables. Append only: a released version never changes, a
 * later change is a new version with its own statements. Portable SQL, unqualified table names
 * (PostgreSQL runs them with the `ledger_access` schema as search_path).
 */
export interface AccessSchemaVersion {
  readonly version: number;
  readonly name: string;
  readonly statements: readonly string[];
}

export const ACCESS_SCHEMA_VERSIONS: readonly AccessSchemaVersion[] = [
  {
    version: 1,
    name: 'access tokens',
    statements: [
      `CREATE TABLE IF NOT EXISTS access_tokens (
         id TEXT PRIMARY KEY, hash TEXT NOT NULL UNIQUE, role TEXT NOT NULL, organization_id TEXT, label TEXT,
         created_at TEXT NOT NULL, created_by TEXT NOT NULL, expires_at TEXT, revoked_at TEXT)`,
    ],
  },
  {
    version: 2,
    name: 'device codes',
    statements: [
      `CREATE TABLE IF NOT EXISTS device_codes (
         hash TEXT PRIMARY KEY, role TEXT NOT NULL, organization_id TEXT NOT NULL, label TEXT, valid_for_hours INTEGER NOT NULL,
         created_at TEXT NOT NULL, created_by TEXT NOT NULL, expires_at TEXT NOT NULL, used_at TEXT)`,
    ],
  },
];

/** Which versions have been applied, and when: created before any of them, the same on both databases. */
export const ACCESS_SCHEMA_VERSION_TABLE = `CREATE TABLE IF NOT EXISTS access_schema_version (
  version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`;

/** The versions not applied yet, in order; refuses a list whose versions do not strictly increase. */
export function pendingAccessSchemaVersions(
  applied: Iterable<number>,
  versions: readonly AccessSchemaVersion[] = ACCESS_SCHEMA_VERSIONS,
): AccessSchemaVersion[] {
  versions.forEach(({ version, name }, i) => {
    if (!Number.isSafeInteger(version) || (i > 0 && version <= versions[i - 1].version)) {
      throw new Error(`access schema versions must strictly increase (at ${version} ${name})`);
    }
  });
  const done = new Set([...applied].map(Number));
  return versions.filter(({ version }) => !done.has(version));
}

/** The columns `toAccessToken` reads (the hash is not among them: nothing needs it back). */
export const ACCESS_TOKEN_COLUMNS = 'id, role, organization_id, label, created_at, created_by, expires_at, revoked_at';

export interface AccessTokenRow {
  readonly id: string;
  readonly role: string;
  readonly organization_id: string | null;
  readonly label: string | null;
  readonly created_at: string;
  readonly created_by: string;
  readonly expires_at: string | null;
  readonly revoked_at: string | null;
}

/** A row as the port's token: NULL optional columns become absent keys, not `null` or `undefined` ones. */
export function toAccessToken(row: AccessTokenRow): AccessToken {
  return {
    id: row.id,
    role: row.role as Role,
    organizationId: row.organization_id,
    ...(row.label !== null && { label: row.label }),
    createdAt: row.created_at,
    createdBy: row.created_by,
    ...(row.expires_at !== null && { expiresAt: row.expires_at }),
    ...(row.revoked_at !== null && { revokedAt: row.revoked_at }),
  };
}

/** The columns an INSERT names; `toInsertParameters` gives their values in this order, absent fields as NULL. */
export const ACCESS_TOKEN_INSERT_COLUMNS = 'id, hash, role, organization_id, label, created_at, created_by, expires_at, revoked_at';

export function toInsertParameters(token: AccessToken, hash: string): Array<string | null> {
  return [
    token.id,
    hash,
    token.role,
    token.organizationId,
    token.label ?? null,
    token.createdAt,
    token.createdBy,
    token.expiresAt ?? null,
    token.revokedAt ?? null,
  ];
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Refuses, before anything is stored, what would be a silent mistake: a hash that is not a SHA-256
 * hex digest (most likely the secret itself, which must never be stored) or a role no decision knows.
 */
export function assertRegistrable(token: AccessToken, hash: string): void {
  if (!SHA256_HEX.test(hash)) throw new RangeError('a token is registered under the lowercase SHA-256 hex hash of its secret (hashToken), never the secret');
  if (!(ROLES as readonly string[]).includes(token.role)) throw new RangeError(`unknown role: ${String(token.role)}`);
}

/** As assertRegistrable, for a device code (hashed by hashDeviceCode), and a token lifetime a redemption can add to a date. */
export function assertDeviceCodeRegistrable(code: DeviceCode, hash: string): void {
  if (!SHA256_HEX.test(hash)) throw new RangeError('a device code is registered under the lowercase SHA-256 hex hash of its normalised text (hashDeviceCode), never the code');
  if (!(ROLES as readonly string[]).includes(code.role)) throw new RangeError(`unknown role: ${String(code.role)}`);
  if (!Number.isSafeInteger(code.validForHours) || code.validForHours < 1) throw new RangeError(`validForHours must be a positive whole number, not ${code.validForHours}`);
}

export const DEVICE_CODE_COLUMNS = 'role, organization_id, label, valid_for_hours, created_at, created_by, expires_at, used_at';

export interface DeviceCodeRow {
  readonly role: string;
  readonly organization_id: string;
  readonly label: string | null;
  readonly valid_for_hours: number;
  readonly created_at: string;
  readonly created_by: string;
  readonly expires_at: string;
  readonly used_at: string | null;
}

/** A row as the port's device code: NULL optional columns become absent keys. */
export function toDeviceCode(row: DeviceCodeRow): DeviceCode {
  return {
    role: row.role as Role,
    organizationId: row.organization_id,
    ...(row.label !== null && { label: row.label }),
    validForHours: row.valid_for_hours,
    createdAt: row.created_at,
    createdBy: row.created_by,
    expiresAt: row.expires_at,
    ...(row.used_at !== null && { usedAt: row.used_at }),
  };
}

/** The columns an INSERT names, the hash first; `toDeviceCodeInsertParameters` gives their values in this order. */
export const DEVICE_CODE_INSERT_COLUMNS = `hash, ${DEVICE_CODE_COLUMNS}`;

export function toDeviceCodeInsertParameters(code: DeviceCode, hash: string): Array<string | number | null> {
  return [hash, code.role, code.organizationId, code.label ?? null, code.validForHours, code.createdAt, code.createdBy, code.expiresAt, code.usedAt ?? null];
}
