import fc from 'fast-check';
import { contentHashOf, hashesOf, payloadHashOf } from './content-hash';

/** hashesOf is the fast way to both hashes: it must give exactly what their definitions give. */
describe('an event’s hashes, both at once', () => {
  const json: fc.Arbitrary<unknown> = fc.jsonValue();
  const event = fc.record({
    id: fc.string(),
    type: fc.string(),
    data: fc.dictionary(fc.string(), json),
    metadata: fc.record(
      {
        actor: fc.string(),
        correlationId: fc.string(),
        causationId: fc.string(),
        recordedAt: fc.string(),
        schemaVersion: fc.integer(),
        contentHash: fc.string(),
      },
      { requiredKeys: ['actor', 'correlationId', 'causationId', 'recordedAt', 'schemaVersion'] },
    ),
  });

  it('equal contentHashOf and payloadHashOf for any event', () => {
    fc.assert(
      fc.property(event, (e) => {
        expect(hashesOf(e)).toEqual({ contentHash: contentHashOf(e), payloadHash: payloadHashOf(e) });
      }),
      { numRuns: 500, seed: 8785 },
    );
  });

  it('change when any member changes, and not when the carried contentHash does', () => {
    const base = { id: 'e1', type: 'MealServed', data: { meals: 75, partner: '爱心餐厅' }, metadata: { actor: 'a', correlationId: 'c', causationId: 'c', recordedAt: 't', schemaVersion: 1 } };
    const { contentHash, payloadHash } = hashesOf(base);
    expect(hashesOf({ ...base, metadata: { ...base.metadata, contentHash: 'sha256:anything' } }).contentHash).toBe(contentHash);
    expect(hashesOf({ ...base, data: { meals: 74, partner: '爱心餐厅' } }).payloadHash).not.toBe(payloadHash);
    expect(hashesOf({ ...base, metadata: { ...base.metadata, actor: 'b' } })).toEqual({ contentHash: expect.not.stringMatching(contentHash), payloadHash });
  });
});
