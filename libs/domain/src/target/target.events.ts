import { DomainEvent } from '../shared/decider';

/** What an organisation may set itself a yearly target for; each names a count the projections report. */
export const TARGET_MEASURES = [
  'tripParticipants',
  'tripPersonDays',
  'meals',
  'clinics',
  'workersServed',
  'courseSessions',
  'attendances',
  'distinctParticipants',
  'membersJoined',
  'coolingWorkersReached',
  'programmeAdmissions',
] as const;
export type TargetMeasure = (typeof TARGET_MEASURES)[number];

/** The target for one measure in one period (a year, `YYYY`); a revision states the target it replaces. */
export type TargetSet = DomainEvent<
  'TargetSet',
  { organizationId: string; measure: TargetMeasure; period: string; target: number; previousTarget: number | null }
>;

export type TargetEvent = TargetSet;

export type TargetState =
  | { readonly status: 'unset' }
  | {
      readonly status: 'set';
      readonly organizationId: string;
      readonly measure: TargetMeasure;
      readonly period: string;
      readonly target: number;
    };
