import { DomainEvent } from '../shared/decider';

/** So many of one thing, e.g. 200 `bottles` of `mung bean soup`. */
export type CoolingItem = { item: string; quantity: number; unit: string };

/** Where and when supplies against the heat reached workers, what was handed out, and to how many. */
export type CoolingDeliveryDetails = {
  site: string;
  date: string;
  items: CoolingItem[];
  workersReached: number;
};

export type CoolingSuppliesDelivered = DomainEvent<
  'CoolingSuppliesDelivered',
  { deliveryId: string; organizationId: string } & CoolingDeliveryDetails
>;

/** The delivery's details as corrected: every field holds its value after the correction. */
export type CoolingSuppliesDeliveryCorrected = DomainEvent<
  'CoolingSuppliesDeliveryCorrected',
  { deliveryId: string; reason: string } & CoolingDeliveryDetails
>;

export type CoolingDeliveryEvent = CoolingSuppliesDelivered | CoolingSuppliesDeliveryCorrected;

export type CoolingDeliveryState =
  | { readonly status: 'unknown' }
  | ({ readonly status: 'delivered'; readonly deliveryId: string; readonly organizationId: string } & Readonly<CoolingDeliveryDetails>);
