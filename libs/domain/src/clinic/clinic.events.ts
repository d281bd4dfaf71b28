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

/**
 * Visitors identified by pseudonymous id, so that people who used several services can be counted:
 * only the ids not recorded for this clinic before. Identifying visitors is optional.
 */
export type ClinicVisitorsRecorded = DomainEvent<'ClinicVisitorsRecorded', { clinicId: string; participantIds: string[] }>;

export type ClinicEvent = ClinicHeld | ClinicCorrected | ClinicVisitorsRecorded;

export type ClinicState =
  | { readonly status: 'unknown' }
  | ({
      readonly status: 'held';
      readonly clinicId: string;
      readonly organizationId: string;
      /**
       * The visitors identified so far. Absent until the first are recorded, so that a view built by
       * spreading the state stays as it was; a view must not expose these ids.
       */
      readonly identifiedVisitorIds?: ReadonlySet<string>;
    } & Readonly<ClinicDetails>);
