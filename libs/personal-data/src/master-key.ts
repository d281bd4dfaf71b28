import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** The environment variable holding the master key, base64 of 32 bytes. */
export const VAULT_KEY_ENV = 'LEDGER_VAULT_KEY';

const MASTER_KEY_BYTES = 32;

/**
 * The contact vault's master key, which wraps every person's data key.
 *
 * `env` (the value of LEDGER_VAULT_KEY) wins when given: instances sharing one PostgreSQL database
 * must share the key, so it comes from the deployment's secrets. Anything but the base64 of exactly
 * 32 bytes is refused, with an error naming LEDGER_VAULT_KEY and never echoing the value: a key that
 * silently decoded to other bytes would make every kept detail unreadable. An empty string counts as
 * given (and is refused), so a variable set to nothing is not mistaken for "use the file".
 *
 * Otherwise `keyFile` is read, and created when absent with 32 random bytes (base64, mode 0600), so
 * the embedded profile works with no set-up. Keep that file out of the backups of the vault if you
 * can: a backup holding both the vault and its master key lets a forgotten person's details be
 * recovered from it.
 */
export function masterKeyFrom(options: { env?: string; keyFile?: string }): Buffer {
  if (options.env !== undefined) return decodeKey(options.env, VAULT_KEY_ENV);
  if (options.keyFile === undefined) {
    throw new Error(`the contact vault needs a master key: set ${VAULT_KEY_ENV} (e.g. to the output of \`openssl rand -base64 32\`) or give a key file`);
  }
  return readOrCreate(options.keyFile);
}

function readOrCreate(keyFile: string): Buffer {
  const source = `the vault key file ${keyFile}`;
  try {
    return decodeKey(readFileSync(keyFile, 'utf8'), source);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  create(keyFile);
  return decodeKey(readFileSync(keyFile, 'utf8'), source);
}

/**
 * Creates the key file with a new key unless another process got there first; either way, every
 * process then reads the one key the file holds.
 *
 * The key is written whole to a temporary file of this process's own (opened with 'wx': exclusive,
 * mode 0600) and fsynced, then published with link(), which, like 'wx', fails if the name exists.
 * Opening the key file itself with 'wx' would also pick one winner, but leave a moment where the
 * file exists and is still empty, which a second process starting at once would read; link() makes
 * the file appear complete or not at all. The directory is fsynced too: a key lost in a power cut
 * would leave every detail kept under it unreadable. (A file system without hard links fails here
 * with its own error; set LEDGER_VAULT_KEY there instead.)
 */
function create(keyFile: string): void {
  const directory = dirname(keyFile);
  mkdirSync(directory, { recursive: true });
  const temporary = `${keyFile}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(fd, `${randomBytes(MASTER_KEY_BYTES).toString('base64')}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temporary, keyFile);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error; // another process made it first: theirs stands
  } finally {
    unlinkSync(temporary);
  }
  fsyncDirectory(directory);
}

function fsyncDirectory(directory: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(directory, 'r');
    fsyncSync(fd);
  } catch {
    // Some platforms cannot fsync a directory (Windows); the file itself is already on disk.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Exactly 32 bytes in canonical base64 (surrounding whitespace, such as a file's newline, aside). */
function decodeKey(text: string, source: string): Buffer {
  const base64 = text.trim();
  const key = Buffer.from(base64, 'base64');
  const canonical = /^[A-Za-z0-9+/]+={0,2}$/.test(base64) && key.toString('base64').replace(/=+$/, '') === base64.replace(/=+$/, '');
  if (!canonical || key.length !== MASTER_KEY_BYTES) {
    throw new Error(
      `${source} must be the base64 encoding of exactly ${MASTER_KEY_BYTES} bytes (e.g. the output of \`openssl rand -base64 32\`); ` +
        (base64 === '' ? 'it is empty' : canonical ? `it decodes to ${key.length} bytes` : `it is not base64 (${base64.length} characters)`),
    );
  }
  return key;
}
