/**
 * What staff record at the door, as entries in the device's outbox: each is one request to the
 * ledger with its own Idempotency-Key, kept until the ledger has answered it. Pure: no storage,
 * no network (outbox.ts keeps them, sender.ts sends them).
 */

export type EntryState = 'pending' | 'sent' | 'refused';

/** What the door records into: a course session, a meal serving, or an organisation's members. */
export type Subject =
  | { readonly kind: 'session'; readonly courseId: string; readonly sessionId: string }
  | { readonly kind: 'meal'; readonly mealId: string }
  | { readonly kind: 'members'; readonly organizationId: string };

export interface Entry {
  /** The Idempotency-Key the entry is sent with, every time: the ledger records it once. */
  readonly key: string;
  /** The order entries were made on this device, which is the order they are sent in. */
  readonly seq: number;
  readonly subject: string;
  readonly action: 'open' | 'record' | 'void';
  /** The pseudonymous id recorded or voided ('' for opening a session). */
  readonly participantId: string;
  readonly path: string;
  readonly body: unknown;
  readonly createdAt: string;
  readonly state: EntryState;
  /** The ledger's reason, when it refused the entry. */
  readonly refusal?: string;
}

export const subjectKey = (subject: Subject): string =>
  subject.kind === 'session'
    ? `session:${subject.courseId}/${subject.sessionId}`
    : subject.kind === 'meal'
      ? `meal:${subject.mealId}`
      : `members:${subject.organizationId}`;

const at = (...segments: string[]) => `/${segments.map(encodeURIComponent).join('/')}`;

/** The request that records one person into the subject. */
export function recording(subject: Subject, participantId: string, member?: { date: string; channel: string; category: string }) {
  switch (subject.kind) {
    case 'session':
      return { path: at('courses', subject.courseId, 'sessions', subject.sessionId, 'attendances'), body: { participantIds: [participantId] } };
    case 'meal':
      return { path: at('meals', subject.mealId, 'recipients'), body: { participantIds: [participantId] } };
    case 'members':
      return { path: at('members'), body: { workerId: participantId, organizationId: subject.organizationId, ...member } };
  }
}

/** The correction that undoes a recording: a void with its reason, never a deletion. */
export function voiding(subject: Subject, participantId: string, reason: string) {
  const path =
    subject.kind === 'session'
      ? at('courses', subject.courseId, 'sessions', subject.sessionId, 'attendances', participantId, 'void')
      : subject.kind === 'meal'
        ? at('meals', subject.mealId, 'recipients', participantId, 'void')
        : at('members', subject.organizationId, participantId, 'void');
  return { path, body: { reason } };
}

/** Opening today's session of a course, so that attendance can be recorded into it, offline too. */
export function opening(courseId: string, date: string) {
  return { path: at('courses', courseId, 'sessions'), body: { id: date, date } };
}

export interface Tally {
  /** People recorded into the subject on this device and not undone. */
  readonly recorded: readonly string[];
  /** Entries not yet answered by the ledger. */
  readonly waiting: number;
  /** The entries of the subject, newest first. */
  readonly latest: readonly Entry[];
  /** The last person recorded and not undone: what "undo" voids. */
  readonly undoable?: string;
  readonly undone: ReadonlySet<string>;
}

/** The door's running figures for one subject, from the device's entries. */
export function tally(entries: readonly Entry[], subject: string): Tally {
  const mine = entries.filter((entry) => entry.subject === subject).sort((a, b) => a.seq - b.seq);
  const recorded: string[] = [];
  const undone = new Set<string>();
  for (const entry of mine) {
    if (entry.state === 'refused') continue;
    if (entry.action === 'record' && !recorded.includes(entry.participantId)) {
      recorded.push(entry.participantId);
      undone.delete(entry.participantId);
    }
    if (entry.action === 'void' && recorded.includes(entry.participantId)) {
      recorded.splice(recorded.indexOf(entry.participantId), 1);
      undone.add(entry.participantId);
    }
  }
  return {
    recorded,
    waiting: mine.filter((entry) => entry.state === 'pending').length,
    latest: [...mine].reverse(),
    undoable: recorded.at(-1),
    undone,
  };
}

/** The ids the ledger accepts (`^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$`), checked before anything is kept. */
export const isParticipantId = (text: string) => /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/.test(text);
