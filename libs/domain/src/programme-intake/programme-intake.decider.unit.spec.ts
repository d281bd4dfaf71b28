import { emits, given, refuses } from '../shared/given-when-then';
import { OrganizationState } from '../organization/organization.events';
import { PROGRAMME_INTAKE_LIMITS, ProgrammeIntakeCommand, programmeIntakeDecider } from './programme-intake.decider';
import { ProgrammeIntakeCorrected, ProgrammeIntakeDetails, ProgrammeIntakeEvent, ProgrammeIntakeOpened } from './programme-intake.events';

const organization: OrganizationState = {
  status: 'registered',
  organizationId: 'org-1',
  name: 'Grassroots Union',
  level: 'grassroots',
  parentId: null,
};

const opened: ProgrammeIntakeOpened = {
  type: 'ProgrammeIntakeOpened',
  data: {
    intakeId: 'intake-2024',
    organizationId: 'org-1',
    programme: 'Skills for delivery riders',
    tracks: ['electrician', 'e-commerce'],
    applicationOpens: '2024-03-01',
    applicationCloses: '2024-04-30',
  },
};

const { intakeId: _intakeId, organizationId: _organizationId, ...openedDetails } = opened.data;

const correctedEvent = (changes: Partial<ProgrammeIntakeDetails>): ProgrammeIntakeCorrected => ({
  type: 'ProgrammeIntakeCorrected',
  data: { intakeId: 'intake-2024', reason: 'extended', ...openedDetails, ...changes },
});

function open(data: Partial<ProgrammeIntakeOpened['data']> = {}, org: OrganizationState = organization): ProgrammeIntakeCommand {
  return { type: 'OpenProgrammeIntake', data: { ...opened.data, ...data }, organization: org };
}

function correct(changes: Partial<ProgrammeIntakeDetails>): ProgrammeIntakeCommand {
  return { type: 'CorrectProgrammeIntake', data: { intakeId: 'intake-2024', reason: 'extended', ...changes } };
}

const tracks = (n: number) => Array.from({ length: n }, (_, i) => `track-${i}`);

describe('programme intake decider', () => {
  describe('OpenProgrammeIntake', () => {
    it('opens an intake of a registered organisation', () => {
      expect(given(programmeIntakeDecider).when(open())).toEqual(emits(opened));
    });

    it('opens an intake whose applications open up to 366 days ahead, and refuses one further ahead', () => {
      const ahead = { applicationOpens: '2026-01-01', applicationCloses: '2026-02-01' };
      expect(given(programmeIntakeDecider).when(open(ahead))).toEqual(emits({ ...opened, data: { ...opened.data, ...ahead } }));
      expect(given(programmeIntakeDecider).when(open({ applicationOpens: '2026-01-02', applicationCloses: '2026-02-01' }))).toEqual(
        refuses('invalid', { field: 'applicationOpens', rule: 'maxDaysAhead' }),
      );
    });

    it('opens an intake whose window is a single day', () => {
      const oneDay = { applicationOpens: '2024-03-01', applicationCloses: '2024-03-01' };
      expect(given(programmeIntakeDecider).when(open(oneDay))).toEqual(emits({ ...opened, data: { ...opened.data, ...oneDay } }));
    });

    it('refuses an intake of an organisation that does not exist', () => {
      expect(given(programmeIntakeDecider).when(open({}, { status: 'unknown' }))).toEqual(
        refuses('not_found', { field: 'organizationId', rule: 'exists' }),
      );
    });

    it('refuses an intake with no track', () => {
      expect(given(programmeIntakeDecider).when(open({ tracks: [] }))).toEqual(refuses('invalid', { field: 'tracks', rule: 'arrayNotEmpty' }));
    });

    it(`accepts ${PROGRAMME_INTAKE_LIMITS.tracks} tracks and refuses more`, () => {
      expect(given(programmeIntakeDecider).when(open({ tracks: tracks(PROGRAMME_INTAKE_LIMITS.tracks) }))).toEqual(
        emits({ ...opened, data: { ...opened.data, tracks: tracks(PROGRAMME_INTAKE_LIMITS.tracks) } }),
      );
      expect(given(programmeIntakeDecider).when(open({ tracks: tracks(PROGRAMME_INTAKE_LIMITS.tracks + 1) }))).toEqual(
        refuses('unprocessable', { field: 'tracks', rule: 'arrayMaxSize' }),
      );
    });

    it('refuses a track listed twice, naming the second occurrence', () => {
      expect(given(programmeIntakeDecider).when(open({ tracks: ['a', 'b', 'c', 'b'] }))).toEqual(
        refuses('unprocessable', { field: 'tracks[3]', rule: 'unique' }),
      );
    });

    it.each(['2024-02-30', '2023-02-29', '2024-3-1', ''])('refuses an opening date %p, which is not a real calendar date', (applicationOpens) => {
      expect(given(programmeIntakeDecider).when(open({ applicationOpens }))).toEqual(
        refuses('invalid', { field: 'applicationOpens', rule: 'isCalendarDate' }),
      );
    });

    it.each(['2024-04-31', 'end of April'])('refuses a closing date %p, which is not a real calendar date', (applicationCloses) => {
      expect(given(programmeIntakeDecider).when(open({ applicationCloses }))).toEqual(
        refuses('invalid', { field: 'applicationCloses', rule: 'isCalendarDate' }),
      );
    });

    it('refuses an intake whose applications close before they open', () => {
      expect(given(programmeIntakeDecider).when(open({ applicationCloses: '2024-02-29' }))).toEqual(
        refuses('invalid', { field: 'applicationCloses', rule: 'notBeforeOpens' }),
      );
    });

    it('treats a retried intake with the same data as a repeat and records nothing', () => {
      expect(given(programmeIntakeDecider, [opened]).when(open())).toEqual(emits());
      expect(given(programmeIntakeDecider, [opened]).when(open({ tracks: [...opened.data.tracks] }))).toEqual(emits());
    });

    it.each([
      ['organisation', { organizationId: 'org-2' }],
      ['programme', { programme: 'Other' }],
      ['list of tracks', { tracks: ['electrician'] }],
      ['order of tracks', { tracks: ['e-commerce', 'electrician'] }],
      ['opening date', { applicationOpens: '2024-03-02' }],
      ['closing date', { applicationCloses: '2024-05-01' }],
    ])('refuses the same intake id again with a different %s', (_what, change) => {
      expect(given(programmeIntakeDecider, [opened]).when(open(change))).toEqual(refuses('conflict', { field: 'id', rule: 'unique' }));
    });
  });

  describe('CorrectProgrammeIntake', () => {
    it('corrects the closing date and restates every other detail', () => {
      expect(given(programmeIntakeDecider, [opened]).when(correct({ applicationCloses: '2024-05-31' }))).toEqual(
        emits(correctedEvent({ applicationCloses: '2024-05-31' })),
      );
    });

    it('corrects the programme and the tracks', () => {
      const changes = { programme: 'Skills for riders', tracks: ['electrician', 'e-commerce', 'first aid'] };
      expect(given(programmeIntakeDecider, [opened]).when(correct(changes))).toEqual(emits(correctedEvent(changes)));
    });

    it('corrects on top of an earlier correction', () => {
      const past = [opened, correctedEvent({ applicationCloses: '2024-05-31' })];
      expect(given(programmeIntakeDecider, past).when(correct({ programme: 'Riders' }))).toEqual(
        emits(correctedEvent({ applicationCloses: '2024-05-31', programme: 'Riders' })),
      );
    });

    it('records nothing when the correction changes nothing', () => {
      expect(given(programmeIntakeDecider, [opened]).when(correct({}))).toEqual(emits());
      expect(given(programmeIntakeDecider, [opened]).when(correct({ ...openedDetails, tracks: [...openedDetails.tracks] }))).toEqual(emits());
      const past = [opened, correctedEvent({ applicationCloses: '2024-05-31' })];
      expect(given(programmeIntakeDecider, past).when(correct({ applicationCloses: '2024-05-31' }))).toEqual(emits());
    });

    it('refuses to correct an intake that does not exist', () => {
      expect(given(programmeIntakeDecider).when(correct({ programme: 'x' }))).toEqual(refuses('not_found', { field: 'intakeId', rule: 'exists' }));
    });

    it.each([
      ['no track', { tracks: [] }, 'invalid', 'tracks', 'arrayNotEmpty'],
      ['too many tracks', { tracks: tracks(PROGRAMME_INTAKE_LIMITS.tracks + 1) }, 'unprocessable', 'tracks', 'arrayMaxSize'],
      ['a track listed twice', { tracks: ['a', 'a'] }, 'unprocessable', 'tracks[1]', 'unique'],
      ['an opening date that does not exist', { applicationOpens: '2024-02-30' }, 'invalid', 'applicationOpens', 'isCalendarDate'],
      ['a closing date that does not exist', { applicationCloses: '2024-04-31' }, 'invalid', 'applicationCloses', 'isCalendarDate'],
      ['a closing date before the opening', { applicationCloses: '2024-02-01' }, 'invalid', 'applicationCloses', 'notBeforeOpens'],
      ['an opening too far ahead', { applicationOpens: '2026-06-01', applicationCloses: '2026-07-01' }, 'invalid', 'applicationOpens', 'maxDaysAhead'],
    ] as const)('refuses a correction to %s', (_what, changes, kind, field, rule) => {
      expect(given(programmeIntakeDecider, [opened]).when(correct(changes as Partial<ProgrammeIntakeDetails>))).toEqual(
        refuses(kind, { field, rule }),
      );
    });
  });

  describe('evolve', () => {
    it('folds an intake and its correction into the corrected details', () => {
      const past = [opened, correctedEvent({ applicationCloses: '2024-05-31', tracks: ['electrician'] })];
      expect(given(programmeIntakeDecider, past).state).toEqual({
        status: 'opened',
        ...opened.data,
        applicationCloses: '2024-05-31',
        tracks: ['electrician'],
      });
    });

    it('never throws on an unknown event or a correction before the intake was opened', () => {
      const unknown = { type: 'ProgrammeIntakeClosedInSomeFutureVersion', data: {} } as never;
      const history: ProgrammeIntakeEvent[] = [unknown, correctedEvent({ programme: 'x' }), opened, unknown];
      expect(() => given(programmeIntakeDecider, history)).not.toThrow();
      expect(given(programmeIntakeDecider, history.slice(0, 2)).state).toEqual({ status: 'unknown' });
      expect(given(programmeIntakeDecider, history).state).toEqual({ status: 'opened', ...opened.data });
    });
  });
});
