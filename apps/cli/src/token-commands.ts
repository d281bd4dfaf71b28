import { Command, Option } from 'commander';
import { ROLES, Role } from '../../../libs/access/src/authorize';
import { AccessToken } from '../../../libs/access/src/token-registry.port';
import { LedgerClient } from './ledger-client';

/**
 * `ledger token issue | revoke | list | device-code`: the API's bearer tokens (POST, DELETE and GET
 * /admin/tokens) and device sign-in codes (POST /admin/device-codes), for an admin. A token's secret,
 * and a code, are in the answer to their issue only: the ledger keeps their hashes.
 */

/** The options of `ledger token issue`, as commander parses them. */
export interface IssueTokenOptions {
  readonly role?: string;
  readonly org?: string;
  readonly all?: boolean;
  readonly expires?: string;
  readonly label?: string;
}

/** The body of POST /admin/tokens. */
export interface IssueTokenRequest {
  readonly role: Role;
  /** null: every organisation. */
  readonly organizationId: string | null;
  readonly expiresAt?: string;
  readonly label?: string;
}

/** The answer to POST /admin/tokens: what the registry keeps about the token and, this once, the token itself. */
export interface IssuedToken extends AccessToken {
  readonly token: string;
}

/** `ledger token issue`'s options as the request body; throws with what to write instead when they do not make one. */
export function issueTokenRequest(options: IssueTokenOptions, now: Date): IssueTokenRequest {
  const { role, org, all, expires, label } = options;
  if (role === undefined || !isRole(role)) throw new Error(`--role must be one of ${ROLES.join(', ')}${role === undefined ? '' : `, not ${role}`}`);
  if ((org === undefined) === !all) {
    throw new Error(
      org === undefined
        ? 'say whose token it is: --org <id> (that organisation and its subtree) or --all (every organisation)'
        : '--org and --all exclude each other: a token has one organisation scope',
    );
  }
  if (org !== undefined && org.trim() === '') throw new Error('--org needs an organisation id, e.g. chaowai');
  const trimmedLabel = label?.trim();
  if (trimmedLabel === '') throw new Error('--label needs some text, e.g. "Chaowai front desk"');
  return {
    role,
    organizationId: org ?? null,
    ...(expires !== undefined && { expiresAt: expiryInstant(expires, now) }),
    ...(trimmedLabel !== undefined && { label: trimmedLabel }),
  };
}

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * An ISO-8601 instant with its time zone (`2025-06-30T18:00:00+08:00`, `2025-06-30T10:00Z`), in the
 * future, as UTC. A bare date is refused: which midnight, and where, would be a guess.
 */
function expiryInstant(text: string, now: Date): string {
  const match = INSTANT.exec(text.trim());
  const example = `e.g. ${now.getUTCFullYear() + 1}-06-30T18:00:00+08:00`;
  if (!match) throw new Error(`--expires takes an ISO-8601 instant with its time zone, ${example}; got ${text}`);
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0));
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    throw new Error(`--expires ${text} is not a date and time that exists`);
  }
  const at = new Date(Date.parse(text.trim()));
  if (at.getTime() <= now.getTime()) throw new Error(`--expires ${text} has passed already: ${example}`);
  return at.toISOString();
}

function isRole(text: string): text is Role {
  return (ROLES as readonly string[]).includes(text);
}

/** Whose token it is, in words: `staff of chaowai and its subtree`, `admin of every organisation`. */
export function scopeOf(token: Pick<AccessToken, 'role' | 'organizationId'>): string {
  return `${token.role} of ${token.organizationId === null ? 'every organisation' : `${token.organizationId} and its subtree`}`;
}

/** What `ledger token issue` prints: the token on a line of its own, once. */
export function issuedTokenLines(issued: IssuedToken): string[] {
  return [
    `issued token ${issued.id}: ${scopeOf(issued)}${issued.label ? `, "${issued.label}"` : ''}, ` +
      (issued.expiresAt ? `expires ${issued.expiresAt}` : 'does not expire'),
    '',
    `  ${issued.token}`,
    '',
    'This is the only time the token is shown (the ledger keeps only its hash): hand it over now.',
    `It withdraws with \`ledger token revoke ${issued.id}\`.`,
  ];
}

/** The options of `ledger token device-code`, as commander parses them. */
export interface DeviceCodeOptions {
  readonly org?: string;
  readonly role?: string;
  readonly label?: string;
  readonly hours?: string;
}

/** The roles a device code may give (the API refuses others: no tablet holds an admin's or an auditor's token). */
const DEVICE_ROLES = ['staff', 'analyst'] as const;

/** The body of POST /admin/device-codes. */
export interface DeviceCodeRequest {
  readonly organizationId: string;
  readonly role: (typeof DEVICE_ROLES)[number];
  readonly label?: string;
  readonly validForHours: number;
}

/** The answer to POST /admin/device-codes. */
export interface IssuedDeviceCode {
  readonly code: string;
  readonly expiresAt: string;
  readonly organizationId: string;
  readonly role: Role;
  readonly label: string | null;
}

/** `ledger token device-code`'s options as the request body; throws with what to write instead when they do not make one. */
export function deviceCodeRequest(options: DeviceCodeOptions): DeviceCodeRequest {
  const { org, role = 'staff', label, hours = '12' } = options;
  if (org === undefined || org.trim() === '') throw new Error('--org needs the organisation the tablet acts for, e.g. chaowai');
  if (!(DEVICE_ROLES as readonly string[]).includes(role)) throw new Error(`--role must be ${DEVICE_ROLES.join(' or ')} for a device, not ${role}`);
  if (!/^\d{1,3}$/.test(hours) || Number(hours) < 1 || Number(hours) > 168) {
    throw new Error(`--hours is how long the tablet's token works: a whole number of hours from 1 to 168 (a week), not ${hours}`);
  }
  const trimmedLabel = label?.trim();
  if (trimmedLabel === '') throw new Error('--label needs some text, e.g. "door tablet"');
  return {
    organizationId: org,
    role: role as DeviceCodeRequest['role'],
    ...(trimmedLabel !== undefined && { label: trimmedLabel }),
    validForHours: Number(hours),
  };
}

/** What `ledger token device-code` prints: the code on a line of its own, and until when it can be typed in. */
export function deviceCodeLines(issued: IssuedDeviceCode, validForHours: number): string[] {
  return [
    `device code for ${scopeOf(issued)}${issued.label ? `, "${issued.label}"` : ''}:`,
    '',
    `  ${issued.code}`,
    '',
    `Type it into the tablet before ${issued.expiresAt}; it works once, and signs the tablet in for ${validForHours} hours.`,
  ];
}

/** A token's state at `now`: active, expired, or revoked (revocation wins: it is what someone did). */
export function tokenState(token: Pick<AccessToken, 'expiresAt' | 'revokedAt'>, now: Date): string {
  if (token.revokedAt !== undefined) return `revoked ${shortInstant(token.revokedAt)}`;
  if (token.expiresAt !== undefined && Date.parse(token.expiresAt) <= now.getTime()) return 'expired';
  return 'active';
}

const COLUMNS = ['id', 'role', 'organisation', 'label', 'created', 'by', 'expires', 'state'] as const;

/** `ledger token list`: one row per token, in the order the API gives them, columns aligned. */
export function tokenTable(tokens: readonly AccessToken[], now: Date): string[] {
  if (tokens.length === 0) return ['no tokens'];
  const rows: string[][] = [
    [...COLUMNS],
    ...tokens.map((t) => [
      t.id,
      t.role,
      t.organizationId ?? '(all)',
      t.label ?? '',
      shortInstant(t.createdAt),
      t.createdBy,
      t.expiresAt === undefined ? 'never' : shortInstant(t.expiresAt),
      tokenState(t, now),
    ]),
  ];
  const widths = COLUMNS.map((_, column) => Math.max(...rows.map((row) => displayWidth(row[column]))));
  return rows.map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell + ' '.repeat(widths[column] - displayWidth(cell))))
      .join('  ')
      .trimEnd(),
  );
}

/** `2025-01-05T10:32:11.123Z` → `2025-01-05T10:32:11Z`: the table has no use for milliseconds. */
function shortInstant(iso: string): string {
  return iso.replace(/\.\d+(?=Z$)/, '');
}

/** Terminal columns a text takes: CJK and full-width characters take two (labels may well be Chinese). */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const wide =
      (code >= 0x1100 && code <= 0x115f) ||
      (code >= 0x2e80 && code <= 0xa4cf && code !== 0x303f) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe30 && code <= 0xfe4f) ||
      (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6) ||
      (code >= 0x20000 && code <= 0x3fffd);
    width += wide ? 2 : 1;
  }
  return width;
}

/** The `ledger token` command and its four subcommands; `client` gives the API, with the caller's (admin) token. */
export function tokenCommand(client: () => LedgerClient, print: (line: string) => void = console.log, clock: () => Date = () => new Date()): Command {
  const token = new Command('token').description("the API's bearer tokens: issue, revoke and list them (an admin's token is needed)");

  token
    .command('issue')
    .description('issue a token for one role and one organisation scope; it is printed this once and never again')
    .addOption(new Option('--role <role>', 'what the holder may do').choices(ROLES).makeOptionMandatory())
    .option('--org <id>', 'the organisation it acts for, with its subtree')
    .option('--all', 'every organisation (instead of --org)')
    .option('--expires <instant>', 'when it stops working: an ISO-8601 instant with its zone, e.g. 2026-06-30T18:00:00+08:00')
    .option('--label <text>', 'whose it is or what for, shown in `ledger token list`')
    .action(async (options: IssueTokenOptions) => {
      const request = issueTokenRequest(options, clock());
      const { body } = await client().post<IssuedToken>('/admin/tokens', request);
      issuedTokenLines(body).forEach((line) => print(line));
    });

  token
    .command('revoke')
    .argument('<id>', 'the id `ledger token issue` or `ledger token list` shows')
    .description('withdraw a token at once: every request with it is refused (401) from now on')
    .action(async (id: string) => {
      const revoked = await client().delete<AccessToken>(`/admin/tokens/${encodeURIComponent(id)}`);
      print(`revoked token ${revoked.id} (${scopeOf(revoked)}${revoked.label ? `, "${revoked.label}"` : ''}) at ${revoked.revokedAt}`);
    });

  token
    .command('list')
    .description('every token the ledger has issued, with its scope and state; never the tokens themselves')
    .action(async () => {
      const { tokens } = await client().get<{ tokens: AccessToken[] }>('/admin/tokens');
      tokenTable(tokens, clock()).forEach((line) => print(line));
    });

  token
    .command('device-code')
    .description('issue a one-time code a tablet types in (within 10 minutes) to get a token of its own; printed this once')
    .option('--org <id>', 'the organisation the tablet acts for, with its subtree')
    .addOption(new Option('--role <role>', 'what the tablet may do').choices(DEVICE_ROLES).default('staff'))
    .option('--label <text>', 'which tablet; its token is labelled "device: <text>"')
    .option('--hours <n>', "how long the tablet's token works, 1 to 168", '12')
    .action(async (options: DeviceCodeOptions) => {
      const request = deviceCodeRequest(options);
      const { body } = await client().post<IssuedDeviceCode>('/admin/device-codes', request);
      deviceCodeLines(body, request.validForHours).forEach((line) => print(line));
    });

  return token;
}
