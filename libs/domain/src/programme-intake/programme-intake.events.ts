import { DomainEvent } from '../shared/decider';

/** A skills programme's intake: its tracks and the window in which workers may apply. */
export type ProgrammeIntakeDetails = {
  programme: string;
  tracks: string[];
  applicationOpens: string;
  applicationCloses: string;
};

export type ProgrammeIntakeOpened = DomainEvent<
  'ProgrammeIntakeOpened',
  { intakeId: string; organizationId: string } & ProgrammeIntakeDetails
>;

/** The intake's details as corrected: every field holds its value after the correction. */
export type ProgrammeIntakeCorrected = DomainEvent<
  'ProgrammeIntakeCorrected',
  { intakeId: string; reason: string } & ProgrammeIntakeDetails
>;

export type ProgrammeIntakeEvent = ProgrammeIntakeOpened | ProgrammeIntakeCorrected;

export type ProgrammeIntakeState =
  | { readonly status: 'unknown' }
  | ({ readonly status: 'opened'; readonly intakeId: string; readonly organizationId: string } & Readonly<ProgrammeIntakeDetails>);
