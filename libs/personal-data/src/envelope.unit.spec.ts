import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { ContactUnreadableError } from './contact-vault.port';
import { ENVELOPE_V1, newDataKey, openDetails, openWithMasterKey, sealDetails, unwrapKey, wrapKey } from './envelope';
import { thrown } from '../../../test/support/rejection';

const ID = 'p-7f3a';
const DETAILS = { name: 'Aino Mäkelä', phone: '+358 40 123 4567' };

/** A copy with one bit flipped at `index`. */
const flipped = (bytes: Buffer, index: number): Buffer => {
  const copy = Buffer.from(bytes);
  copy[index] ^= 0x01;
  return copy;
};

const unreadable = (call: () => unknown, reason: RegExp) => {
  const error = thrown(call);
  expect(error).toBeInstanceOf(ContactUnreadableError);
  expect(error.message).toMatch(new RegExp(`participant ${ID} cannot be decrypted`));
  expect(error.message).toMatch(reason);
};

describe('envelope: sealed details', () => {
  const key = newDataKey();

  it('opens what it sealed, with and without a phone', () => {
    expect(openDetails(sealDetails(DETAILS, key, ID), key, ID)).toEqual(DETAILS);
    const withoutPhone = openDetails(sealDetails({ name: 'Ola' }, key, ID), key, ID);
    expect(withoutPhone).toEqual({ name: 'Ola' });
    expect('phone' in withoutPhone).toBe(false);
  });

  it('opens any strings it sealed', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.option(fc.string({ unit: 'binary' }), { nil: undefined }), (name, phone) => {
        const details = phone === undefined ? { name } : { name, phone };
        expect(openDetails(sealDetails(details, key, ID), key, ID)).toEqual(details);
      }),
    );
  });

  it('keeps only the fields of ContactDetails, and refuses details that are not', () => {
    const extra = { name: 'Ola', phone: '1', note: 'not for the vault' } as unknown as typeof DETAILS;
    expect(openDetails(sealDetails(extra, key, ID), key, ID)).toEqual({ name: 'Ola', phone: '1' });
    expect(thrown(() => sealDetails({ name: 3 } as unknown as typeof DETAILS, key, ID))).toBeInstanceOf(TypeError);
    expect(thrown(() => sealDetails({ name: 'Ola', phone: 358 } as unknown as typeof DETAILS, key, ID))).toBeInstanceOf(TypeError);
  });

  it('stores the version byte, a fresh IV each time, the tag, and no plaintext', () => {
    const a = sealDetails(DETAILS, key, ID);
    const b = sealDetails(DETAILS, key, ID);
    expect(a[0]).toBe(ENVELOPE_V1);
    expect(a.subarray(1, 13).equals(b.subarray(1, 13))).toBe(false);
    expect(a.length).toBe(1 + 12 + 16 + Buffer.byteLength(JSON.stringify(DETAILS)));
    expect(a.includes(Buffer.from('Mäkelä'))).toBe(false);
  });

  it('refuses altered ciphertext, tag or IV', () => {
    const sealed = sealDetails(DETAILS, key, ID);
    for (const index of [sealed.length - 1, 13, 1]) {
      unreadable(() => openDetails(flipped(sealed, index), key, ID), /altered or belong to another person/);
    }
  });

  it("refuses another person's id (the AAD), and another data key", () => {
    const sealed = sealDetails(DETAILS, key, ID);
    expect(thrown(() => openDetails(sealed, key, 'p-other'))).toBeInstanceOf(ContactUnreadableError);
    unreadable(() => openDetails(sealed, newDataKey(), ID), /do not open/);
  });

  it('refuses an unknown version and a truncated value, saying which', () => {
    const sealed = sealDetails(DETAILS, key, ID);
    const v2 = Buffer.from(sealed);
    v2[0] = 2;
    unreadable(() => openDetails(v2, key, ID), /format 2/);
    unreadable(() => openDetails(sealed.subarray(0, 20), key, ID), /20 bytes/);
  });

  it('takes only 32-byte keys', () => {
    expect(thrown(() => sealDetails(DETAILS, randomBytes(16), ID))).toBeInstanceOf(RangeError);
    expect(thrown(() => wrapKey(key, randomBytes(31), ID))).toBeInstanceOf(RangeError);
  });
});

describe('envelope: wrapped keys', () => {
  const master = randomBytes(32);
  const dataKey = newDataKey();

  it('unwraps what it wrapped, and the wrapped form is not the key', () => {
    const wrapped = wrapKey(dataKey, master, ID);
    expect(wrapped[0]).toBe(ENVELOPE_V1);
    expect(wrapped.length).toBe(1 + 12 + 16 + 32);
    expect(wrapped.includes(dataKey)).toBe(false);
    expect(unwrapKey(wrapped, master, ID).equals(dataKey)).toBe(true);
  });

  it('refuses another master key, naming LEDGER_VAULT_KEY', () => {
    unreadable(() => unwrapKey(wrapKey(dataKey, master, ID), randomBytes(32), ID), /master key: LEDGER_VAULT_KEY/);
  });

  it("refuses another person's id, and altered bytes", () => {
    const wrapped = wrapKey(dataKey, master, ID);
    expect(thrown(() => unwrapKey(wrapped, master, 'p-other'))).toBeInstanceOf(ContactUnreadableError);
    for (const index of [wrapped.length - 1, 20, 5]) expect(thrown(() => unwrapKey(flipped(wrapped, index), master, ID))).toBeInstanceOf(ContactUnreadableError);
  });

  it('opens details through the master key, or says the key does not unwrap', () => {
    const sealed = sealDetails(DETAILS, dataKey, ID);
    const wrapped = wrapKey(dataKey, master, ID);
    expect(openWithMasterKey(sealed, wrapped, master, ID)).toEqual(DETAILS);
    unreadable(() => openWithMasterKey(sealed, wrapped, randomBytes(32), ID), /does not unwrap/);
  });
});
