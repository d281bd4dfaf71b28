import { DomainEvent } from '../shared/decider';

/** A named programme (a brand) under which an organisation runs several courses. */
export type ProgrammeBrandRegistered = DomainEvent<
  'ProgrammeBrandRegistered',
  { brandId: string; organizationId: string; name: string; description: string | null }
>;

/** The brand's name and description as corrected: both hold their value after the correction. */
export type ProgrammeBrandCorrected = DomainEvent<
  'ProgrammeBrandCorrected',
  { brandId: string; name: string; description: string | null; reason: string }
>;

export type ProgrammeBrandEvent = ProgrammeBrandRegistered | ProgrammeBrandCorrected;

export type ProgrammeBrandState =
  | { readonly status: 'unknown' }
  | ({ readonly status: 'registered' } & Readonly<ProgrammeBrandRegistered['data']>);
