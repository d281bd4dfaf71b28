import { DomainEvent } from '../shared/decider';

/** Services offered and how many workers came; no health measurement ever enters the ledger. */
export type ClinicDetails = {
  venue: string;
  date: string;
  services: string[];
  workersServed: number;
  targetGroups: string[];
};

export type ClinicHeld = DomainEvent<'ClinicHeld', { clinicId: string; organizationId: string } & ClinicDetails>;

/** The clinic's details as corrected: every field holds its value after the correction. */
export type ClinicCorrected = DomainEvent<'ClinicCorrected', { clinicId: string; reason: string } & ClinicDetails>;

export type ClinicEvent = ClinicHeld | ClinicCorrected;

export type ClinicState =
  | { readonly status: 'unknown' }
  | ({ readonly status: 'held'; readonly clinicId: string; readonly organizationId: string } & Readonly<ClinicDetails>);
