import { DomainEvent } from '../shared/decider';

/** Where and when a trip goes and who may take part; organising it is the fact, the trip may lie ahead. */
export type RecuperationTripDetails = {
  destination: string;
  startDate: string;
  endDate: string;
  /** The categories of workers eligible, e.g. `model-worker`; each participant is recorded under one. */
  eligibility: string[];
};

export type RecuperationTripOrganized = DomainEvent<
  'RecuperationTripOrganized',
  { tripId: string; organizationId: string } & RecuperationTripDetails
>;

/** The trip's details as corrected: every field holds its value after the correction. */
export type RecuperationTripCorrected = DomainEvent<
  'RecuperationTripCorrected',
  { tripId: string; reason: string } & RecuperationTripDetails
>;

/** One participant on one trip: one event per person, so each can be voided on its own. */
export type TripParticipationRecorded = DomainEvent<
  'TripParticipationRecorded',
  { tripId: string; participantId: string; eligibilityCategory: string }
>;

export type TripParticipationVoided = DomainEvent<
  'TripParticipationVoided',
  { tripId: string; participantId: string; reason: string }
>;

export type RecuperationTripEvent =
  | RecuperationTripOrganized
  | RecuperationTripCorrected
  | TripParticipationRecorded
  | TripParticipationVoided;

export type RecuperationTripState =
  | { readonly status: 'unknown' }
  | ({
      readonly status: 'organized';
      readonly tripId: string;
      readonly organizationId: string;
      /** Participants whose participation currently counts. */
      readonly participants: ReadonlySet<string>;
      /** Participants whose participation was voided (and not recorded again since). */
      readonly voidedParticipants: ReadonlySet<string>;
    } & Readonly<RecuperationTripDetails>);
