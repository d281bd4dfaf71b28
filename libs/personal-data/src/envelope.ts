import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ContactDetails, ContactUnreadableError } from './contact-vault.port';

/**
 * Envelope encryption of contact details, with node:crypto alone and no I/O (the adapters store
 * what these functions return).
 *
 * Each person has a random 32-byte data key; their details, JSON-encoded, are sealed under it with
 * AES-256-GCM. The data key is stored wrapped (AES-256-GCM again) under the vault's 32-byte master
 * key. Destroying the one wrapped key of a person is then enough to make their details unreadable
 * for good (crypto-shredding), while the master key stays the same for everyone else.
 *
 * Both seals take the participant id as additional authenticated data: a sealed value or a wrapped
 * key copied onto another person's row fails to open instead of showing one person's details as
 * another's.
 *
 * Stored form of both, so the format can change later without guessing what old bytes are:
 *   version (1 byte, 0x01) ‖ IV (12 random bytes) ‖ GCM tag (16 bytes) ‖ ciphertext
 */

/** The first byte of every sealed value and wrapped key written today. */
export const ENVELOPE_V1 = 0x01;

export const KEY_BYTES = 32;
const IV_BYTES = 12; // GCM's native nonce size; random, so no counter has to survive restarts
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;
const CIPHER = 'aes-256-gcm';

/** A new random data key for one person. */
export function newDataKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

/** The details, JSON-encoded and sealed under the person's data key, bound to their id. */
export function sealDetails(details: ContactDetails, dataKey: Buffer, participantId: string): Buffer {
  return seal(Buffer.from(JSON.stringify(onlyDetails(details)), 'utf8'), keyOf(dataKey, 'data key'), participantId);
}

/** The details sealed by sealDetails for this person, or ContactUnreadableError. */
export function openDetails(sealed: Buffer, dataKey: Buffer, participantId: string): ContactDetails {
  const plain = open(
    sealed,
    keyOf(dataKey, 'data key'),
    participantId,
    'the details do not open under the person\'s key: the stored details were altered or belong to another person',
  );
  try {
    const parsed: unknown = JSON.parse(plain.toString('utf8'));
    if (isDetails(parsed)) return onlyDetails(parsed);
  } catch {
    // authenticated, yet not JSON: handled below like any other shape
  }
  throw new ContactUnreadableError(participantId, 'the decrypted value is not contact details');
}

/** The person's data key sealed under the master key, bound to their id: what the vault stores. */
export function wrapKey(dataKey: Buffer, masterKey: Buffer, participantId: string): Buffer {
  return seal(keyOf(dataKey, 'data key'), keyOf(masterKey, 'master key'), participantId);
}

/** The data key wrapped by wrapKey for this person, or ContactUnreadableError (most often: another master key). */
export function unwrapKey(wrapped: Buffer, masterKey: Buffer, participantId: string): Buffer {
  const dataKey = open(
    wrapped,
    keyOf(masterKey, 'master key'),
    participantId,
    "the person's key does not unwrap under this vault's master key: LEDGER_VAULT_KEY (or the vault's key file) " +
      'is not the one it was wrapped with, or the stored key was altered or belongs to another person',
  );
  if (dataKey.length !== KEY_BYTES) throw new ContactUnreadableError(participantId, `the unwrapped key has ${dataKey.length} bytes, not ${KEY_BYTES}`);
  return dataKey;
}

/**
 * Unwraps the person's key, opens their details, and wipes the data key from memory after (the
 * plaintext details are the caller's; a JavaScript string cannot be wiped).
 */
export function openWithMasterKey(sealed: Buffer, wrapped: Buffer, masterKey: Buffer, participantId: string): ContactDetails {
  const dataKey = unwrapKey(wrapped, masterKey, participantId);
  try {
    return openDetails(sealed, dataKey, participantId);
  } finally {
    dataKey.fill(0);
  }
}

function seal(plain: Buffer, key: Buffer, participantId: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(CIPHER, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(participantId, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([Buffer.of(ENVELOPE_V1), iv, cipher.getAuthTag(), ciphertext]);
}

function open(stored: Buffer, key: Buffer, participantId: string, failure: string): Buffer {
  if (stored.length < HEADER_BYTES) throw new ContactUnreadableError(participantId, `the stored value has ${stored.length} bytes, too few to be sealed`);
  if (stored[0] !== ENVELOPE_V1) throw new ContactUnreadableError(participantId, `the stored value is in format ${stored[0]}, which this version cannot read`);
  const iv = stored.subarray(1, 1 + IV_BYTES);
  const tag = stored.subarray(1 + IV_BYTES, HEADER_BYTES);
  const decipher = createDecipheriv(CIPHER, key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(participantId, 'utf8'));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(stored.subarray(HEADER_BYTES)), decipher.final()]);
  } catch (error) {
    // GCM says only "unable to authenticate data": the key, the bytes and the id are equally suspect.
    throw new ContactUnreadableError(participantId, failure, { cause: error });
  }
}

function keyOf(key: Buffer, what: string): Buffer {
  if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) throw new RangeError(`a ${what} must be ${KEY_BYTES} bytes`);
  return key;
}

/** Exactly the fields of ContactDetails: nothing a caller adds by accident is kept. */
function onlyDetails(details: ContactDetails): ContactDetails {
  if (!isDetails(details)) throw new TypeError('contact details need a name (a string) and, optionally, a phone (a string)');
  return details.phone === undefined ? { name: details.name } : { name: details.name, phone: details.phone };
}

function isDetails(value: unknown): value is ContactDetails {
  if (typeof value !== 'object' || value === null) return false;
  const { name, phone } = value as { name?: unknown; phone?: unknown };
  return typeof name === 'string' && (phone === undefined || typeof phone === 'string');
}
