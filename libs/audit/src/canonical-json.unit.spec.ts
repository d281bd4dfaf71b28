import fc from 'fast-check';
import { canonicalJson, canonicalJsonOfPlainText } from './canonical-json';
import { contentHashOf, payloadHashOf, sha256 } from './content-hash';
import { CHAIN_GENESIS, nextChainHash } from './hash-chain';

describe('canonical JSON (RFC 8785)', () => {
  it('sorts members by UTF-16 code units, at every depth, without whitespace', () => {
    // RFC 8785 §3.2.3's example keys, in the order the RFC gives as sorted.
    const value = { '\u20ac': 'Euro', '\r': 'CR', '\ufb33': 'Hebrew', '1': 'One', '\ud83d\ude00': 'Emoji', '\u0080': 'Control', '\u00f6': 'Latin' };
    expect(canonicalJson(value)).toBe(
      '{"\\r":"CR","1":"One","\u0080":"Control","\u00f6":"Latin","\u20ac":"Euro","\ud83d\ude00":"Emoji","\ufb33":"Hebrew"}',
    );
    expect(canonicalJson({ b: [3, { z: 1, a: null }], a: true })).toBe('{"a":true,"b":[3,{"a":null,"z":1}]}');
  });

  it('writes numbers as ECMAScript does, and refuses what JSON cannot hold', () => {
    expect(canonicalJson([1e21, 1e-7, -0, 0.1 + 0.2, 333333333.3333333, 9007199254740991])).toBe(
      '[1e+21,1e-7,0,0.30000000000000004,333333333.3333333,9007199254740991]',
    );
    for (const bad of [NaN, Infinity, 10n, () => 1]) expect(() => canonicalJson({ bad })).toThrow(TypeError);
  });

  it('leaves out undefined members, as stored JSON does, so a hash survives a round trip through a store', () => {
    const value = { a: 1, gone: undefined, list: ['x', 2] };
    expect(canonicalJson(value)).toBe(canonicalJson(JSON.parse(JSON.stringify(value))));
  });
});

describe('content hash and chain', () => {
  const event = {
    id: '0190d3a0-0000-7000-8000-000000000001',
    type: 'MealServed',
    data: { mealId: 'm1', meals: 900 },
    metadata: { actor: 'staff-1', correlationId: 'c', causationId: 'c', recordedAt: '2024-07-18T04:00:00.000Z', schemaVersion: 1 },
  };

  it('does not depend on member order or on the hash it is stored beside', () => {
    const reordered = { ...event, data: { meals: 900, mealId: 'm1' } };
    expect(contentHashOf(reordered)).toBe(contentHashOf(event));
    expect(contentHashOf({ ...event, metadata: { ...event.metadata, contentHash: 'sha256:whatever' } })).toBe(contentHashOf(event));
    expect(contentHashOf(event)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('changes with any byte of the payload or the metadata; the payload hash only with the payload', () => {
    const altered = [
      { ...event, data: { ...event.data, meals: 901 } },
      { ...event, type: 'MealsServed' },
      { ...event, metadata: { ...event.metadata, actor: 'mallory' } },
      { ...event, id: event.id.replace(/1$/, '2') },
    ];
    for (const other of altered) expect(contentHashOf(other)).not.toBe(contentHashOf(event));
    expect(payloadHashOf(altered[2])).toBe(payloadHashOf(event));
    expect(payloadHashOf(altered[0])).not.toBe(payloadHashOf(event));
  });

  it('chains in order: the same links in another order give another head', () => {
    const link = (n: number) => ({ eventId: `e${n}`, streamName: 's-1', revision: BigInt(n), contentHash: `sha256:${n}` });
    const inOrder = [1, 2, 3].map(link).reduce(nextChainHash, CHAIN_GENESIS);
    const swapped = [2, 1, 3].map(link).reduce(nextChainHash, CHAIN_GENESIS);
    expect(inOrder).not.toBe(swapped);
    expect([1, 2, 3].map(link).reduce(nextChainHash, CHAIN_GENESIS)).toBe(inOrder);
  });
});

describe('canonical JSON of plain text', () => {
  it('is canonicalJson for any value parsed from JSON text without a backslash', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        fc.pre(!text.includes('\\'));
        expect(canonicalJsonOfPlainText(JSON.parse(text))).toBe(canonicalJson(JSON.parse(text)));
      }),
      { numRuns: 1000, seed: 8785 },
    );
  });
});

describe('the chain link', () => {
  it('is hashed as the canonical JSON of the link with its revision in decimal', () => {
    const link = { eventId: 'e"1', streamName: 'meal-北京', revision: 12345678901234567890n, contentHash: 'sha256:ab' };
    const { eventId, streamName, contentHash } = link;
    expect(nextChainHash(CHAIN_GENESIS, link)).toBe(sha256(`${CHAIN_GENESIS}\n${canonicalJson({ streamName, revision: '12345678901234567890', eventId, contentHash })}`));
  });
});
