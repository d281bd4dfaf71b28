import { DomainEvent } from '../shared/decider';

export const TUITION_AID = ['full', 'partial', 'none'] as const;
export type TuitionAid = (typeof TUITION_AID)[number];

/** A worker, by pseudonymous id, applies to one track of an intake on a union's recommendation. */
export type ProgrammeApplicationRecorded = DomainEvent<
  'ProgrammeApplicationRecorded',
  {
    intakeId: string;
    applicantId: string;
    track: string;
    recommendingOrganizationId: string;
    tuitionAid: TuitionAid;
    date: string;
  }
>;

/** The applicant is admitted, to a track and with tuition aid that may differ from the application's. */
export type ProgrammeAdmissionRecorded = DomainEvent<
  'ProgrammeAdmissionRecorded',
  { intakeId: string; applicantId: string; track: string; tuitionAid: TuitionAid; date: string }
>;

/** The application was recorded by mistake: it, and an admission with it, no longer count. */
export type ProgrammeApplicationVoided = DomainEvent<
  'ProgrammeApplicationVoided',
  { intakeId: string; applicantId: string; reason: string }
>;

/** The admission was recorded by mistake; the application still counts. */
export type ProgrammeAdmissionVoided = DomainEvent<
  'ProgrammeAdmissionVoided',
  { intakeId: string; applicantId: string; reason: string }
>;

export type ProgrammeApplicationEvent =
  | ProgrammeApplicationRecorded
  | ProgrammeAdmissionRecorded
  | ProgrammeApplicationVoided
  | ProgrammeAdmissionVoided;

export type ProgrammeAdmission = { track: string; tuitionAid: TuitionAid; date: string };

export type ProgrammeApplicationState =
  | { readonly status: 'none' | 'voided' }
  | ({
      readonly status: 'applied';
      /** The admission that currently counts, null if none. */
      readonly admission: Readonly<ProgrammeAdmission> | null;
      /** Whether the latest admission was voided (and none recorded since). */
      readonly admissionVoided: boolean;
    } & Readonly<ProgrammeApplicationRecorded['data']>);
