import { AncestryRow, foldPeople, PeopleChanges, PersonPeriodRow, splitKey, StagedUse } from './people-fold';

/** street s1 under district d1 until 2024-07-01, under d2 from then on; both under the city c. */
const ANCESTRY: AncestryRow[] = [
  { organization_id: 's1', ancestor_id: 's1', valid_from: '0000-01-01', valid_to: '9999-12-31' },
  { organization_id: 's1', ancestor_id: 'd1', valid_from: '0000-01-01', valid_to: '2024-07-01' },
  { organization_id: 's1', ancestor_id: 'd2', valid_from: '2024-07-01', valid_to: '9999-12-31' },
  { organization_id: 's1', ancestor_id: 'c', valid_from: '0000-01-01', valid_to: '9999-12-31' },
];

const use = (participant: string, date: string, service: string, delta: number, course: string | null = null): StagedUse => ({
  participant_id: participant,
  organization_id: 's1',
  date,
  service,
  course_id: course,
  delta,
});

/** Given the people's stored rows, when the staged uses are folded: the changes, as plain objects. */
function fold(people: PersonPeriodRow[], staged: StagedUse[]) {
  const changes = foldPeople(staged, ANCESTRY, people);
  const plain = (map: Map<string, unknown>) => Object.fromEntries([...map].map(([key, value]) => [splitKey(key).join(' '), value]));
  return {
    people: changes.people,
    attendanceHistogram: plain(changes.attendanceHistogram),
    peopleCounts: plain(changes.peopleCounts),
    courseHistogram: plain(changes.courseHistogram),
  };
}

/** The standing a fold wrote, to feed the next fold. */
const rowsOf = (changes: Pick<PeopleChanges, 'people'>): PersonPeriodRow[] =>
  changes.people.filter((row) => row.standing !== null).map((row) => ({ participant_id: row.participantId, period: row.period, standing: row.standing! }));

describe('the people fold', () => {
  it('counts a first attendance once under each ancestor it had that day, for the month and the year', () => {
    const { attendanceHistogram, courseHistogram, peopleCounts } = fold([], [use('w1', '2024-03-05', 'course', 1, 'paint')]);
    expect(attendanceHistogram).toEqual({
      's1 2024 1': 1, 's1 2024-03 1': 1, 'd1 2024 1': 1, 'd1 2024-03 1': 1, 'c 2024 1': 1, 'c 2024-03 1': 1,
    });
    expect(courseHistogram).toEqual({ 'paint 2024 1': 1, 'paint 2024-03 1': 1 });
    expect(peopleCounts).toEqual({});
  });

  it('moves a returning person from one bucket to the next, only where their count changed', () => {
    const first = foldPeople([use('w1', '2024-03-05', 'course', 1, 'paint')], ANCESTRY, []);
    const { attendanceHistogram, courseHistogram } = fold(rowsOf(first), [use('w1', '2024-04-09', 'course', 1, 'paint')]);
    expect(attendanceHistogram).toEqual({
      // The year: from 1 attendance to 2.
      's1 2024 1': -1, 's1 2024 2': 1, 'd1 2024 1': -1, 'd1 2024 2': 1, 'c 2024 1': -1, 'c 2024 2': 1,
      // April: a first attendance; March is untouched.
      's1 2024-04 1': 1, 'd1 2024-04 1': 1, 'c 2024-04 1': 1,
    });
    expect(courseHistogram).toEqual({ 'paint 2024 1': -1, 'paint 2024 2': 1, 'paint 2024-04 1': 1 });
  });

  it('counts a use after the street moved under its new district, per the date of the use', () => {
    const { attendanceHistogram } = fold([], [use('w1', '2024-07-01', 'course', 1, 'yoga')]);
    expect(Object.keys(attendanceHistogram).filter((key) => key.startsWith('d'))).toEqual(['d2 2024 1', 'd2 2024-07 1']);
  });

  it('gives back what a void takes away, and deletes a person’s month and year left with nothing', () => {
    const first = foldPeople([use('w1', '2024-03-05', 'course', 1, 'paint')], ANCESTRY, []);
    const voided = fold(rowsOf(first), [use('w1', '2024-03-05', 'course', -1, 'paint')]);
    expect(voided.people).toEqual([
      { participantId: 'w1', period: '2024', standing: null },
      { participantId: 'w1', period: '2024-03', standing: null },
    ]);
    expect(voided.attendanceHistogram).toEqual({
      's1 2024 1': -1, 's1 2024-03 1': -1, 'd1 2024 1': -1, 'd1 2024-03 1': -1, 'c 2024 1': -1, 'c 2024-03 1': -1,
    });
    expect(voided.courseHistogram).toEqual({ 'paint 2024 1': -1, 'paint 2024-03 1': -1 });
  });

  it('changes nothing for a change staged out and back in (a repeated fact, or a correction that moved nothing)', () => {
    const first = foldPeople([use('w1', '2024-03-05', 'course', 1, 'paint')], ANCESTRY, []);
    const again = fold(rowsOf(first), [use('w1', '2024-03-05', 'course', -1, 'paint'), use('w1', '2024-03-05', 'course', 1, 'paint')]);
    expect(again.attendanceHistogram).toEqual({});
    expect(again.courseHistogram).toEqual({});
    expect(again.people).toEqual(first.people);
  });

  it('counts trip people and people of two or more services, once each, whatever else they use', () => {
    const first = fold([], [use('w1', '2024-08-01', 'trip', 1), use('w1', '2024-08-02', 'trip', 1)]);
    expect(first.peopleCounts).toEqual({
      's1 2024': [1, 0], 's1 2024-08': [1, 0], 'd2 2024': [1, 0], 'd2 2024-08': [1, 0], 'c 2024': [1, 0], 'c 2024-08': [1, 0],
    });
    const second = fold(
      rowsOf(foldPeople([use('w1', '2024-08-01', 'trip', 1)], ANCESTRY, [])),
      [use('w1', '2024-08-20', 'meal', 1), use('w1', '2024-08-21', 'clinic', 1)],
    );
    // A second service makes them a person of several services; a third changes nothing more.
    expect(second.peopleCounts).toEqual({
      's1 2024': [0, 1], 's1 2024-08': [0, 1], 'd2 2024': [0, 1], 'd2 2024-08': [0, 1], 'c 2024': [0, 1], 'c 2024-08': [0, 1],
    });
    expect(second.attendanceHistogram).toEqual({});
  });

  it('keeps each person, year and month apart', () => {
    const { people } = fold([], [use('w1', '2024-12-31', 'meal', 1), use('w1', '2025-01-01', 'meal', 1), use('w2', '2024-05-05', 'meal', 1)]);
    expect(people.map(({ participantId, period }) => `${participantId} ${period}`).sort()).toEqual([
      'w1 2024', 'w1 2024-12', 'w1 2025', 'w1 2025-01', 'w2 2024', 'w2 2024-05',
    ]);
  });

  it('keeps in a month’s row only that month: a use in another month leaves it as it was', () => {
    const first = foldPeople([use('w1', '2024-03-05', 'course', 1, 'paint')], ANCESTRY, []);
    const { people } = fold(rowsOf(first), [use('w1', '2024-04-09', 'course', 1, 'paint')]);
    expect(people.map(({ period }) => period).sort()).toEqual(['2024', '2024-04']);
    const standingOf = (period: string) => JSON.parse(people.find((row) => row.period === period)!.standing!);
    expect(standingOf('2024')).toEqual({ o: { s1: [2], d1: [2], c: [2] }, c: { paint: 2 } });
    expect(standingOf('2024-04')).toEqual({ o: { s1: [1], d1: [1], c: [1] }, c: { paint: 1 } });
  });

  it('refuses a use of a service it does not know rather than count it nowhere', () => {
    expect(() => foldPeople([use('w1', '2024-03-05', 'karaoke', 1)], ANCESTRY, [])).toThrow(/unknown service: karaoke/);
  });
});
