import { DomainEvent } from '../shared/decider';

export const ORGANIZATION_LEVELS = ['federation', 'district', 'street', 'grassroots', 'enterprise'] as const;
export type OrganizationLevel = (typeof ORGANIZATION_LEVELS)[number];

export type OrganizationRegistered = DomainEvent<
  'OrganizationRegistered',
  { organizationId: string; name: string; level: OrganizationLevel; parentId: string | null }
>;

/** The organisation sits under another parent from effectiveDate on; what it did before stays where it was. */
export type OrganizationMoved = DomainEvent<
  'OrganizationMoved',
  { organizationId: string; fromParentId: string | null; toParentId: string; effectiveDate: string }
>;

export type OrganizationRenamed = DomainEvent<
  'OrganizationRenamed',
  { organizationId: string; name: string; previousName: string; effectiveDate: string }
>;

export type OrganizationEvent = OrganizationRegistered | OrganizationMoved | OrganizationRenamed;

export type OrganizationState =
  | { readonly status: 'unknown' }
  | {
      readonly status: 'registered';
      readonly organizationId: string;
      readonly name: string;
      readonly level: OrganizationLevel;
      /** The current parent. */
      readonly parentId: string | null;
      /**
       * The effectiveDate of the latest move, null if it never moved. Always set by evolve; optional
       * only so that a state written out by hand (a lookup in a test) need not name it.
       */
      readonly lastChangedOn?: string | null;
    };
