import { emits, given, refuses } from '../shared/given-when-then';
import { OrganizationState } from '../organization/organization.events';
import { ProgrammeBrandCommand, programmeBrandDecider } from './programme-brand.decider';
import { ProgrammeBrandCorrected, ProgrammeBrandEvent, ProgrammeBrandRegistered } from './programme-brand.events';

const organization: OrganizationState = {
  status: 'registered',
  organizationId: 'org-1',
  name: 'Grassroots Union',
  level: 'grassroots',
  parentId: null,
};

const registered: ProgrammeBrandRegistered = {
  type: 'ProgrammeBrandRegistered',
  data: { brandId: 'brand-1', organizationId: 'org-1', name: 'Workers Night School', description: 'Evening courses' },
};

const corrected = (name: string, description: string | null): ProgrammeBrandCorrected => ({
  type: 'ProgrammeBrandCorrected',
  data: { brandId: 'brand-1', name, description, reason: 'typo' },
});

function register(
  data: Partial<ProgrammeBrandRegistered['data']> = {},
  org: OrganizationState = organization,
): ProgrammeBrandCommand {
  return { type: 'RegisterProgrammeBrand', data: { ...registered.data, ...data }, organization: org };
}

function correct(changes: { name?: string; description?: string | null }): ProgrammeBrandCommand {
  return { type: 'CorrectProgrammeBrand', data: { brandId: 'brand-1', reason: 'typo', ...changes } };
}

describe('programme brand decider', () => {
  describe('RegisterProgrammeBrand', () => {
    it('registers a brand of a registered organisation', () => {
      expect(given(programmeBrandDecider).when(register())).toEqual(emits(registered));
    });

    it('registers a brand without a description', () => {
      expect(given(programmeBrandDecider).when(register({ description: null }))).toEqual(
        emits({ ...registered, data: { ...registered.data, description: null } }),
      );
    });

    it('refuses a brand of an organisation that does not exist', () => {
      expect(given(programmeBrandDecider).when(register({}, { status: 'unknown' }))).toEqual(
        refuses('not_found', { field: 'organizationId', rule: 'exists' }),
      );
    });

    it('treats a retried registration with the same data as a repeat and records nothing', () => {
      expect(given(programmeBrandDecider, [registered]).when(register())).toEqual(emits());
    });

    it.each([
      ['organisation', { organizationId: 'org-2' }],
      ['name', { name: 'Something else' }],
      ['description', { description: 'Other' }],
      ['missing description', { description: null }],
    ])('refuses to register the same id again with a different %s', (_what, change) => {
      expect(given(programmeBrandDecider, [registered]).when(register(change))).toEqual(
        refuses('conflict', { field: 'id', rule: 'unique' }),
      );
    });
  });

  describe('CorrectProgrammeBrand', () => {
    it('corrects the name and keeps the description', () => {
      expect(given(programmeBrandDecider, [registered]).when(correct({ name: 'Night School' }))).toEqual(
        emits(corrected('Night School', 'Evening courses')),
      );
    });

    it('corrects the description and keeps the name', () => {
      expect(given(programmeBrandDecider, [registered]).when(correct({ description: 'Weekend courses' }))).toEqual(
        emits(corrected('Workers Night School', 'Weekend courses')),
      );
    });

    it('removes the description when it is corrected to null', () => {
      expect(given(programmeBrandDecider, [registered]).when(correct({ description: null }))).toEqual(
        emits(corrected('Workers Night School', null)),
      );
    });

    it('corrects on top of an earlier correction', () => {
      const past = [registered, corrected('Night School', null)];
      expect(given(programmeBrandDecider, past).when(correct({ description: 'Back again' }))).toEqual(
        emits(corrected('Night School', 'Back again')),
      );
    });

    it('records nothing when the correction changes nothing', () => {
      expect(given(programmeBrandDecider, [registered]).when(correct({}))).toEqual(emits());
      expect(given(programmeBrandDecider, [registered]).when(correct({ name: 'Workers Night School' }))).toEqual(emits());
      expect(given(programmeBrandDecider, [registered, corrected('Night School', null)]).when(correct({ description: null }))).toEqual(
        emits(),
      );
    });

    it('refuses to correct a brand that does not exist', () => {
      expect(given(programmeBrandDecider).when(correct({ name: 'x' }))).toEqual(
        refuses('not_found', { field: 'brandId', rule: 'exists' }),
      );
    });
  });

  describe('evolve', () => {
    it('folds a registration and a correction into the corrected brand', () => {
      expect(given(programmeBrandDecider, [registered, corrected('Night School', null)]).state).toEqual({
        status: 'registered',
        ...registered.data,
        name: 'Night School',
        description: null,
      });
    });

    it('never throws on an unknown event or a correction before the registration', () => {
      const unknown = { type: 'ProgrammeBrandRetiredInSomeFutureVersion', data: {} } as never;
      const history: ProgrammeBrandEvent[] = [unknown, corrected('Night School', null), registered, unknown];
      expect(() => given(programmeBrandDecider, history)).not.toThrow();
      expect(given(programmeBrandDecider, history.slice(0, 2)).state).toEqual({ status: 'unknown' });
      expect(given(programmeBrandDecider, history).state).toEqual({ status: 'registered', ...registered.data });
    });
  });
});
