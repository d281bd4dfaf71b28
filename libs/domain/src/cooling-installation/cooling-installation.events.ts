import { DomainEvent } from '../shared/decider';

/** Equipment against the heat put in place at a site: so many of one kind, e.g. 4 `air conditioner`. */
export type CoolingInstallationDetails = {
  site: string;
  date: string;
  kind: string;
  quantity: number;
};

export type CoolingEquipmentInstalled = DomainEvent<
  'CoolingEquipmentInstalled',
  { installationId: string; organizationId: string } & CoolingInstallationDetails
>;

/** The installation's details as corrected: every field holds its value after the correction. */
export type CoolingEquipmentInstallationCorrected = DomainEvent<
  'CoolingEquipmentInstallationCorrected',
  { installationId: string; reason: string } & CoolingInstallationDetails
>;

export type CoolingInstallationEvent = CoolingEquipmentInstalled | CoolingEquipmentInstallationCorrected;

export type CoolingInstallationState =
  | { readonly status: 'unknown' }
  | ({ readonly status: 'installed'; readonly installationId: string; readonly organizationId: string } & Readonly<CoolingInstallationDetails>);
