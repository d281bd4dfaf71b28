import { Decider, ignoreUnknownEvent } from '../shared/decider';
import { refuse } from '../shared/errors';
import { assertCount, assertPastDate } from '../shared/values';
import { OrganizationState } from '../organization/organization.events';
import { CoolingDeliveryDetails, CoolingDeliveryEvent, CoolingDeliveryState, CoolingItem } from './cooling-delivery.events';

export const COOLING_DELIVERY_LIMITS = {
  itemsPerDelivery: 50,
  quantityPerItem: 1_000_000,
  workersReached: 100_000,
} as const;

export type CoolingDeliveryCommand =
  | {
      readonly type: 'RecordCoolingSuppliesDelivered';
      readonly data: { deliveryId: string; organizationId: string } & CoolingDeliveryDetails;
      readonly organization: OrganizationState;
    }
  | {
      readonly type: 'CorrectCoolingSuppliesDelivery';
      readonly data: { deliveryId: string; reason: string } & Partial<CoolingDeliveryDetails>;
    };

export const coolingDeliveryDecider: Decider<CoolingDeliveryCommand, CoolingDeliveryEvent, CoolingDeliveryState> = {
  initialState: { status: 'unknown' },

  decide(command, state, { today }) {
    switch (command.type) {
      case 'RecordCoolingSuppliesDelivered': {
        const { data } = command;
        if (state.status === 'delivered') {
          if (state.organizationId === data.organizationId && sameDetails(state, data)) return [];
          throw refuse.conflict('id', 'unique', `cooling delivery ${data.deliveryId} is already recorded differently`);
        }
        if (command.organization.status !== 'registered') {
          throw refuse.notFound('organizationId', `organisation ${data.organizationId} does not exist`);
        }
        assertDetails(data, today);
        return [{ type: 'CoolingSuppliesDelivered', data: { ...data } }];
      }
      case 'CorrectCoolingSuppliesDelivery': {
        const { deliveryId, reason, ...changes } = command.data;
        if (state.status !== 'delivered') throw refuse.notFound('deliveryId', `cooling delivery ${deliveryId} does not exist`);
        const corrected: CoolingDeliveryDetails = {
          site: changes.site ?? state.site,
          date: changes.date ?? state.date,
          items: changes.items ?? state.items,
          workersReached: changes.workersReached ?? state.workersReached,
        };
        if (sameDetails(state, corrected)) return [];
        assertDetails(corrected, today);
        return [{ type: 'CoolingSuppliesDeliveryCorrected', data: { deliveryId, reason, ...corrected } }];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'CoolingSuppliesDelivered':
        return { status: 'delivered', ...event.data };
      case 'CoolingSuppliesDeliveryCorrected': {
        if (state.status !== 'delivered') return state;
        const { deliveryId: _id, reason: _reason, ...details } = event.data;
        return { ...state, ...details };
      }
      default:
        return ignoreUnknownEvent(event, state);
    }
  },
};

function assertDetails(details: CoolingDeliveryDetails, today: string): void {
  assertPastDate('date', details.date, today);
  const { items } = details;
  if (items.length === 0) throw refuse.invalid('items', 'arrayNotEmpty', 'a delivery hands out at least one item');
  if (items.length > COOLING_DELIVERY_LIMITS.itemsPerDelivery) {
    throw refuse.unprocessable('items', 'arrayMaxSize', `at most ${COOLING_DELIVERY_LIMITS.itemsPerDelivery} items per delivery`);
  }
  const seen = new Set<string>();
  items.forEach(({ item, quantity, unit }, i) => {
    assertCount(`items[${i}].quantity`, quantity, COOLING_DELIVERY_LIMITS.quantityPerItem);
    const key = JSON.stringify([item, unit]);
    if (seen.has(key)) throw refuse.unprocessable(`items[${i}].item`, 'unique', `${item} in ${unit} is listed twice`);
    seen.add(key);
  });
  assertCount('workersReached', details.workersReached, COOLING_DELIVERY_LIMITS.workersReached);
}

function sameDetails(a: CoolingDeliveryDetails, b: CoolingDeliveryDetails): boolean {
  return a.site === b.site && a.date === b.date && a.workersReached === b.workersReached && sameItems(a.items, b.items);
}

function sameItems(a: readonly CoolingItem[], b: readonly CoolingItem[]): boolean {
  return a.length === b.length && a.every((x, i) => x.item === b[i].item && x.quantity === b[i].quantity && x.unit === b[i].unit);
}
