import { DomainEvent } from '../shared/decider';

export const ORGANIZATION_LEVELS = ['federation', 'district', 'street', 'grassroots', 'enterprise'] as const;
export type OrganizationLevel = (typeof ORGANIZATION_LEVELS)[number];

export type OrganizationRegistered = DomainEvent<
  'OrganizationRegistered',
  { organizationId: string; name: string; level: OrganizationLevel; parentId: string | null }
>;

export type OrganizationEvent = OrganizationRegistered;

export type OrganizationState =
  | { readonly status: 'unknown' }
  | {
      readonly status: 'registered';
      readonly organizationId: string;
      readonly name: string;
      readonly level: OrganizationLevel;
      readonly parentId: string | null;
    };
