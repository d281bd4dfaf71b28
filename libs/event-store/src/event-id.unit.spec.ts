import { newEventId } from './event-id';

describe('event ids', () => {
  it('are version-7 UUIDs that sort by creation time', () => {
    const earlier = newEventId(1_700_000_000_000);
    const later = newEventId(1_700_000_000_001);
    expect(earlier).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(earlier < later).toBe(true);
  });

  it('differ within one millisecond', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newEventId(1_700_000_000_000)));
    expect(ids.size).toBe(1000);
  });
});
