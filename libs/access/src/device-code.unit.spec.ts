import { createHash } from 'node:crypto';
import { CROCKFORD_ALPHABET, hashDeviceCode, issueDeviceCode, normaliseDeviceCode } from './device-code';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('device codes', () => {
  it('uses the 32 characters of Crockford base32: no I, L, O or U', () => {
    expect(CROCKFORD_ALPHABET).toHaveLength(32);
    expect(new Set(CROCKFORD_ALPHABET).size).toBe(32);
    expect(CROCKFORD_ALPHABET).not.toMatch(/[ILOU]/);
  });

  it('issues XXXX-XXXX codes from that alphabet, with the SHA-256 of the code without its hyphen', () => {
    for (let i = 0; i < 200; i++) {
      const { code, hash } = issueDeviceCode();
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      expect(hash).toBe(sha256(code.replace('-', '')));
    }
  });

  it('draws every character of the alphabet, about evenly', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 4000; i++) for (const c of issueDeviceCode().code.replace('-', '')) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect([...counts.keys()].sort().join('')).toBe(CROCKFORD_ALPHABET);
    // 32,000 characters: 1,000 expected each; a biased draw (a byte modulo 36, say) would leave this band.
    for (const count of counts.values()) {
      expect(count).toBeGreaterThan(800);
      expect(count).toBeLessThan(1200);
    }
  });

  it('does not repeat itself', () => {
    const codes = new Set(Array.from({ length: 1000 }, () => issueDeviceCode().code));
    expect(codes.size).toBe(1000);
  });

  it('reads a code as people type it: any case, with or without hyphens and spaces, O as 0 and I or L as 1', () => {
    for (const typed of ['K7QM-4TZP', 'k7qm-4tzp', 'K7QM4TZP', 'k7qm 4tzp', ' K7QM - 4TZP ', 'K7-QM-4T-ZP']) {
      expect(normaliseDeviceCode(typed)).toBe('K7QM4TZP');
    }
    expect(normaliseDeviceCode('1O0I-lL2o')).toBe('10011120');
    expect(hashDeviceCode('k7qm-4tzp')).toBe(sha256('K7QM4TZP'));
    expect(hashDeviceCode('O1L0-I2O3')).toBe(hashDeviceCode('0110-1203'));
  });

  it('refuses what is not eight Crockford characters', () => {
    for (const typed of ['', 'K7QM-4TZ', 'K7QM-4TZPX', 'K7QM-4TZU', 'K7QM_4TZP', 'K7QM.4TZP', 'K7QM-4TZ!', 'K7QM—4TZP', 'ＫＫＫＫ-ＫＫＫＫ', 'K7QM4TZß']) {
      expect({ typed, normalised: normaliseDeviceCode(typed) }).toEqual({ typed, normalised: undefined });
      expect(hashDeviceCode(typed)).toBeUndefined();
    }
    expect(normaliseDeviceCode(`K7QM${' '.repeat(40)}4TZP`)).toBeUndefined();
  });
});
