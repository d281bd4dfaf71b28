import { Entry, isParticipantId, recording, subjectKey, tally, voiding } from './entries';

const session = { kind: 'session', courseId: 'chaowai-painting', sessionId: '2024-07-18' } as const;
const subject = subjectKey(session);
let seq = 0;
const entry = (action: Entry['action'], participantId: string, state: Entry['state'] = 'sent', on = subject): Entry => ({
  key: `k-${++seq}`,
  seq,
  subject: on,
  action,
  participantId,
  path: '/x',
  body: {},
  createdAt: '2024-07-18T04:00:00Z',
  state,
});

describe('the door’s tally', () => {
  it('given people recorded, some still waiting, counts them all and the waiting apart', () => {
    const result = tally([entry('record', 'w-1'), entry('record', 'w-2', 'pending'), entry('record', 'w-3', 'pending')], subject);
    expect(result.recorded).toEqual(['w-1', 'w-2', 'w-3']);
    expect(result.waiting).toBe(2);
    expect(result.undoable).toBe('w-3');
  });

  it('given a recording undone, no longer counts that person, and undoes the one before next', () => {
    const result = tally([entry('record', 'w-1'), entry('record', 'w-2'), entry('void', 'w-2', 'pending')], subject);
    expect(result.recorded).toEqual(['w-1']);
    expect(result.undoable).toBe('w-1');
    expect([...result.undone]).toEqual(['w-2']);
    expect(result.waiting).toBe(1);
  });

  it('given the same person twice, counts them once (attendance is a set)', () => {
    expect(tally([entry('record', 'w-1'), entry('record', 'w-1')], subject).recorded).toEqual(['w-1']);
  });

  it('given an entry the ledger refused, does not count it', () => {
    expect(tally([entry('record', 'w-1', 'refused')], subject).recorded).toEqual([]);
  });

  it('counts only the subject asked about, newest entry first', () => {
    const result = tally([entry('record', 'w-1'), entry('record', 'w-9', 'sent', 'meal:m-1'), entry('record', 'w-2')], subject);
    expect(result.recorded).toEqual(['w-1', 'w-2']);
    expect(result.latest.map((e) => e.participantId)).toEqual(['w-2', 'w-1']);
  });
});

describe('the requests an entry makes', () => {
  it('record and void attendance at the session’s own paths', () => {
    expect(recording(session, 'w-1')).toEqual({ path: '/courses/chaowai-painting/sessions/2024-07-18/attendances', body: { participantIds: ['w-1'] } });
    expect(voiding(session, 'w-1', 'entered by mistake')).toEqual({
      path: '/courses/chaowai-painting/sessions/2024-07-18/attendances/w-1/void',
      body: { reason: 'entered by mistake' },
    });
  });

  it('sign a member up at the organisation, and void the joining there', () => {
    const members = { kind: 'members', organizationId: 'chaowai' } as const;
    expect(recording(members, 'rider-1', { date: '2024-07-18', channel: 'online', category: 'new-form-worker' })).toEqual({
      path: '/members',
      body: { workerId: 'rider-1', organizationId: 'chaowai', date: '2024-07-18', channel: 'online', category: 'new-form-worker' },
    });
    expect(voiding(members, 'rider-1', 'r').path).toBe('/members/chaowai/rider-1/void');
  });

  it('accept only ids the ledger accepts', () => {
    expect(['w-0001', 'rider.7', 'A:1'].every(isParticipantId)).toBe(true);
    expect(['', '-w', 'w 1', 'x'.repeat(65), '王'].some(isParticipantId)).toBe(false);
  });
});
