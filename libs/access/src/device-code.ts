import { createHash, randomBytes } from 'node:crypto';

/**
 * Crockford's base32 alphabet: digits and capitals without I, L, O and U, so a code read off one
 * screen and typed into a tablet has no 1/I/L or 0/O to confuse, and spells no word by accident.
 */
export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

const LENGTH = 8;
/** Typed as a person reads it: case, hyphens and spaces do not matter; O, I and L mean 0, 1 and 1. */
const ALIASES: Readonly<Record<string, string>> = { O: '0', I: '1', L: '1' };
const NORMALISED = new RegExp(`^[${CROCKFORD_ALPHABET}]{${LENGTH}}$`);
/**
 * What may be typed: ASCII letters and digits (so no Unicode case mapping turns `ß` into `SS`),
 * separators, and at most 32 characters, more than any way of typing 8 with a few separators.
 */
const TYPED = /^[0-9A-Za-z\s-]{1,32}$/;

/** How long a code may wait to be typed in: long enough to walk to the tablet, short enough that a stray screenshot is soon worthless. */
export const DEVICE_CODE_LIFETIME_MS = 10 * 60 * 1000;

/**
 * A new one-time code, shown as `K7QM-4TZP`, and the hash to store. Eight characters from the
 * crypto random source: 40 bits, so guessing one of the few codes alive in a ten-minute window,
 * at the rate redemption allows, is hopeless. A byte modulo 32 is unbiased (32 divides 256).
 */
export function issueDeviceCode(): { code: string; hash: string } {
  const characters = [...randomBytes(LENGTH)].map((byte) => CROCKFORD_ALPHABET[byte % 32]).join('');
  const code = `${characters.slice(0, 4)}-${characters.slice(4)}`;
  return { code, hash: hashDeviceCode(code)! };
}

/** The code as it is hashed: upper case, without separators, aliases resolved; undefined when that is not 8 Crockford characters. */
export function normaliseDeviceCode(typed: string): string | undefined {
  if (!TYPED.test(typed)) return undefined;
  const normalised = typed
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/[OIL]/g, (letter) => ALIASES[letter]);
  return NORMALISED.test(normalised) ? normalised : undefined;
}

/** The SHA-256 hex hash of a code as typed, normalised first; undefined when it is not a code at all. */
export function hashDeviceCode(typed: string): string | undefined {
  const normalised = normaliseDeviceCode(typed);
  return normalised === undefined ? undefined : createHash('sha256').update(normalised, 'utf8').digest('hex');
}
