import { emits, given, refuses } from '../shared/given-when-then';
import { OrganizationState } from '../organization/organization.events';
import { COOLING_DELIVERY_LIMITS, CoolingDeliveryCommand, coolingDeliveryDecider } from './cooling-delivery.decider';
import {
  CoolingDeliveryDetails,
  CoolingDeliveryEvent,
  CoolingItem,
  CoolingSuppliesDelivered,
  CoolingSuppliesDeliveryCorrected,
} from './cooling-delivery.events';

const organization: OrganizationState = {
  status: 'registered',
  organizationId: 'org-1',
  name: 'Grassroots Union',
  level: 'grassroots',
  parentId: null,
};

const delivered: CoolingSuppliesDelivered = {
  type: 'CoolingSuppliesDelivered',
  data: {
    deliveryId: 'delivery-1',
    organizationId: 'org-1',
    site: 'Xinfadi market',
    date: '2024-07-15',
    items: [
      { item: 'mung bean soup', quantity: 200, unit: 'bottles' },
      { item: 'cooling oil', quantity: 50, unit: 'boxes' },
    ],
    workersReached: 180,
  },
};

const { deliveryId: _deliveryId, organizationId: _organizationId, ...deliveredDetails } = delivered.data;

const correctedEvent = (changes: Partial<CoolingDeliveryDetails>): CoolingSuppliesDeliveryCorrected => ({
  type: 'CoolingSuppliesDeliveryCorrected',
  data: { deliveryId: 'delivery-1', reason: 'miscounted', ...deliveredDetails, ...changes },
});

function record(data: Partial<CoolingSuppliesDelivered['data']> = {}, org: OrganizationState = organization): CoolingDeliveryCommand {
  return { type: 'RecordCoolingSuppliesDelivered', data: { ...delivered.data, ...data }, organization: org };
}

function correct(changes: Partial<CoolingDeliveryDetails>): CoolingDeliveryCommand {
  return { type: 'CorrectCoolingSuppliesDelivery', data: { deliveryId: 'delivery-1', reason: 'miscounted', ...changes } };
}

const water = (i: number, quantity = 10): CoolingItem => ({ item: `water ${i}`, quantity, unit: 'bottles' });

describe('cooling delivery decider', () => {
  describe('RecordCoolingSuppliesDelivered', () => {
    it('records a delivery by a registered organisation', () => {
      expect(given(coolingDeliveryDecider).when(record())).toEqual(emits(delivered));
    });

    it('refuses a delivery of an organisation that does not exist', () => {
      expect(given(coolingDeliveryDecider).when(record({}, { status: 'unknown' }))).toEqual(
        refuses('not_found', { field: 'organizationId', rule: 'exists' }),
      );
    });

    it.each(['2024-02-30', '2023-02-29', '2024-7-15', ''])('refuses a delivery on %p, which is not a real calendar date', (date) => {
      expect(given(coolingDeliveryDecider).when(record({ date }))).toEqual(refuses('invalid', { field: 'date', rule: 'isCalendarDate' }));
    });

    it('refuses a delivery dated after today', () => {
      expect(given(coolingDeliveryDecider).when(record({ date: '2025-01-01' }))).toEqual(
        refuses('invalid', { field: 'date', rule: 'notInFuture' }),
      );
    });

    it('refuses a delivery of no items', () => {
      expect(given(coolingDeliveryDecider).when(record({ items: [] }))).toEqual(refuses('invalid', { field: 'items', rule: 'arrayNotEmpty' }));
    });

    it(`accepts ${COOLING_DELIVERY_LIMITS.itemsPerDelivery} items and refuses more`, () => {
      const items = Array.from({ length: COOLING_DELIVERY_LIMITS.itemsPerDelivery }, (_, i) => water(i));
      expect(given(coolingDeliveryDecider).when(record({ items }))).toEqual(emits({ ...delivered, data: { ...delivered.data, items } }));
      expect(given(coolingDeliveryDecider).when(record({ items: [...items, water(99)] }))).toEqual(
        refuses('unprocessable', { field: 'items', rule: 'arrayMaxSize' }),
      );
    });

    it.each([
      [0, 'min'],
      [-3, 'min'],
      [1.5, 'isInt'],
      [Number.NaN, 'isInt'],
      [COOLING_DELIVERY_LIMITS.quantityPerItem + 1, 'max'],
    ])('refuses a quantity of %p (rule %s), naming the item', (quantity, rule) => {
      expect(given(coolingDeliveryDecider).when(record({ items: [water(0), water(1, quantity)] }))).toEqual(
        refuses('invalid', { field: 'items[1].quantity', rule }),
      );
    });

    it.each([1, COOLING_DELIVERY_LIMITS.quantityPerItem])('accepts a quantity of %p', (quantity) => {
      const items = [water(0, quantity)];
      expect(given(coolingDeliveryDecider).when(record({ items }))).toEqual(emits({ ...delivered, data: { ...delivered.data, items } }));
    });

    it('refuses the same item in the same unit twice, naming the second occurrence', () => {
      const items = [...delivered.data.items, { item: 'mung bean soup', quantity: 5, unit: 'bottles' }];
      expect(given(coolingDeliveryDecider).when(record({ items }))).toEqual(
        refuses('unprocessable', { field: 'items[2].item', rule: 'unique' }),
      );
    });

    it('accepts the same item in two units', () => {
      const items = [...delivered.data.items, { item: 'mung bean soup', quantity: 5, unit: 'buckets' }];
      expect(given(coolingDeliveryDecider).when(record({ items }))).toEqual(emits({ ...delivered, data: { ...delivered.data, items } }));
    });

    it.each([
      [0, 'min'],
      [2.5, 'isInt'],
      [COOLING_DELIVERY_LIMITS.workersReached + 1, 'max'],
    ])('refuses %p workers reached (rule %s)', (workersReached, rule) => {
      expect(given(coolingDeliveryDecider).when(record({ workersReached }))).toEqual(refuses('invalid', { field: 'workersReached', rule }));
    });

    it.each([1, COOLING_DELIVERY_LIMITS.workersReached])('accepts %p workers reached', (workersReached) => {
      expect(given(coolingDeliveryDecider).when(record({ workersReached }))).toEqual(
        emits({ ...delivered, data: { ...delivered.data, workersReached } }),
      );
    });

    it('treats a retried record with the same data as a repeat and records nothing', () => {
      expect(given(coolingDeliveryDecider, [delivered]).when(record())).toEqual(emits());
      expect(given(coolingDeliveryDecider, [delivered]).when(record({ items: delivered.data.items.map((item) => ({ ...item })) }))).toEqual(
        emits(),
      );
    });

    it.each([
      ['organisation', { organizationId: 'org-2' }],
      ['site', { site: 'Elsewhere' }],
      ['date', { date: '2024-07-16' }],
      ['quantity', { items: [{ ...delivered.data.items[0], quantity: 201 }, delivered.data.items[1]] }],
      ['order of items', { items: [delivered.data.items[1], delivered.data.items[0]] }],
      ['number of workers', { workersReached: 181 }],
    ])('refuses the same delivery id again with a different %s', (_what, change) => {
      expect(given(coolingDeliveryDecider, [delivered]).when(record(change))).toEqual(refuses('conflict', { field: 'id', rule: 'unique' }));
    });
  });

  describe('CorrectCoolingSuppliesDelivery', () => {
    it('corrects the number of workers reached and restates every other detail', () => {
      expect(given(coolingDeliveryDecider, [delivered]).when(correct({ workersReached: 190 }))).toEqual(
        emits(correctedEvent({ workersReached: 190 })),
      );
    });

    it('corrects the items, the site and the date at once', () => {
      const changes = { site: 'Dahongmen', date: '2024-07-14', items: [water(0, 300)] };
      expect(given(coolingDeliveryDecider, [delivered]).when(correct(changes))).toEqual(emits(correctedEvent(changes)));
    });

    it('corrects on top of an earlier correction', () => {
      const past = [delivered, correctedEvent({ workersReached: 190 })];
      expect(given(coolingDeliveryDecider, past).when(correct({ site: 'Dahongmen' }))).toEqual(
        emits(correctedEvent({ workersReached: 190, site: 'Dahongmen' })),
      );
    });

    it('records nothing when the correction changes nothing', () => {
      expect(given(coolingDeliveryDecider, [delivered]).when(correct({}))).toEqual(emits());
      expect(given(coolingDeliveryDecider, [delivered]).when(correct({ items: delivered.data.items.map((item) => ({ ...item })) }))).toEqual(
        emits(),
      );
      const past = [delivered, correctedEvent({ workersReached: 190 })];
      expect(given(coolingDeliveryDecider, past).when(correct({ workersReached: 190 }))).toEqual(emits());
    });

    it('refuses to correct a delivery that does not exist', () => {
      expect(given(coolingDeliveryDecider).when(correct({ workersReached: 190 }))).toEqual(
        refuses('not_found', { field: 'deliveryId', rule: 'exists' }),
      );
    });

    it.each([
      ['a date that does not exist', { date: '2024-06-31' }, 'invalid', 'date', 'isCalendarDate'],
      ['a date after today', { date: '2025-01-01' }, 'invalid', 'date', 'notInFuture'],
      ['no items', { items: [] }, 'invalid', 'items', 'arrayNotEmpty'],
      ['a quantity of zero', { items: [water(0, 0)] }, 'invalid', 'items[0].quantity', 'min'],
      ['an item listed twice', { items: [water(0), water(0, 5)] }, 'unprocessable', 'items[1].item', 'unique'],
      ['no workers reached', { workersReached: 0 }, 'invalid', 'workersReached', 'min'],
    ] as const)('refuses a correction to %s', (_what, changes, kind, field, rule) => {
      expect(given(coolingDeliveryDecider, [delivered]).when(correct(changes as Partial<CoolingDeliveryDetails>))).toEqual(
        refuses(kind, { field, rule }),
      );
    });
  });

  describe('evolve', () => {
    it('folds a delivery and its correction into the corrected details', () => {
      const past = [delivered, correctedEvent({ workersReached: 190, site: 'Dahongmen' })];
      expect(given(coolingDeliveryDecider, past).state).toEqual({
        status: 'delivered',
        ...delivered.data,
        workersReached: 190,
        site: 'Dahongmen',
      });
    });

    it('never throws on an unknown event or a correction before the delivery was recorded', () => {
      const unknown = { type: 'CoolingSuppliesReturnedInSomeFutureVersion', data: {} } as never;
      const history: CoolingDeliveryEvent[] = [unknown, correctedEvent({ workersReached: 190 }), delivered, unknown];
      expect(() => given(coolingDeliveryDecider, history)).not.toThrow();
      expect(given(coolingDeliveryDecider, history.slice(0, 2)).state).toEqual({ status: 'unknown' });
      expect(given(coolingDeliveryDecider, history).state).toEqual({ status: 'delivered', ...delivered.data });
    });
  });
});
