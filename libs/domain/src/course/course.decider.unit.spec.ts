import { emits, given, refuses } from '../shared/given-when-then';
import { OrganizationState } from '../organization/organization.events';
import { CourseCommand, courseDecider } from './course.decider';
import { ProgrammeBrandState } from '../programme-brand/programme-brand.events';
import { CourseAssignedToBrand, CourseDetailsCorrected, CourseEvent, CourseRegistered, CourseRemovedFromBrand, CourseState } from './course.events';

const organization: OrganizationState = {
  status: 'registered',
  organizationId: 'org-1',
  name: 'Grassroots Union',
  level: 'grassroots',
  parentId: null,
};

const registered: CourseRegistered = {
  type: 'CourseRegistered',
  data: { courseId: 'course-1', organizationId: 'org-1', name: 'Labour law basics', category: 'legal' },
};

const corrected: CourseDetailsCorrected = {
  type: 'CourseDetailsCorrected',
  data: { courseId: 'course-1', name: 'Labour law for beginners', category: 'legal', reason: 'typo' },
};

const brand = (brandId: string): ProgrammeBrandState => ({
  status: 'registered',
  brandId,
  organizationId: 'org-1',
  name: `Brand ${brandId}`,
  description: null,
});

const assigned = (brandId: string): CourseAssignedToBrand => ({
  type: 'CourseAssignedToBrand',
  data: { courseId: 'course-1', brandId },
});

const removed = (brandId: string): CourseRemovedFromBrand => ({
  type: 'CourseRemovedFromBrand',
  data: { courseId: 'course-1', brandId, reason: 'wrong brand' },
});

function register(
  data: Partial<CourseRegistered['data']> = {},
  org: OrganizationState = organization,
): CourseCommand {
  return { type: 'RegisterCourse', data: { ...registered.data, ...data }, organization: org };
}

function correct(changes: { name?: string; category?: string }): CourseCommand {
  return { type: 'CorrectCourseDetails', data: { courseId: 'course-1', reason: 'typo', ...changes } };
}

function assign(brandId: string, brandState: ProgrammeBrandState = brand(brandId)): CourseCommand {
  return { type: 'AssignCourseToBrand', data: { courseId: 'course-1', brandId }, brand: brandState };
}

const removeFromBrand: CourseCommand = { type: 'RemoveCourseFromBrand', data: { courseId: 'course-1', reason: 'wrong brand' } };

describe('course decider', () => {
  describe('RegisterCourse', () => {
    it('registers a course of a registered organisation', () => {
      expect(given(courseDecider).when(register())).toEqual(emits(registered));
    });

    it('refuses a course of an organisation that does not exist', () => {
      expect(given(courseDecider).when(register({}, { status: 'unknown' }))).toEqual(
        refuses('not_found', { field: 'organizationId', rule: 'exists' }),
      );
    });

    it('treats a retried registration with the same data as a repeat and records nothing', () => {
      expect(given(courseDecider, [registered]).when(register())).toEqual(emits());
    });

    it.each([
      ['organisation', { organizationId: 'org-2' }],
      ['name', { name: 'Something else' }],
      ['category', { category: 'safety' }],
    ])('refuses to register the same id again with a different %s', (_what, change) => {
      expect(given(courseDecider, [registered]).when(register(change))).toEqual(
        refuses('conflict', { field: 'id', rule: 'unique' }),
      );
    });
  });

  describe('CorrectCourseDetails', () => {
    it('corrects the name and keeps the category', () => {
      expect(given(courseDecider, [registered]).when(correct({ name: 'Labour law for beginners' }))).toEqual(
        emits(corrected),
      );
    });

    it('corrects the category and keeps the name', () => {
      expect(given(courseDecider, [registered]).when(correct({ category: 'rights' }))).toEqual(
        emits({
          type: 'CourseDetailsCorrected',
          data: { courseId: 'course-1', name: 'Labour law basics', category: 'rights', reason: 'typo' },
        }),
      );
    });

    it('corrects on top of an earlier correction', () => {
      expect(given(courseDecider, [registered, corrected]).when(correct({ category: 'rights' }))).toEqual(
        emits({
          type: 'CourseDetailsCorrected',
          data: { courseId: 'course-1', name: 'Labour law for beginners', category: 'rights', reason: 'typo' },
        }),
      );
    });

    it('records nothing when the correction changes nothing', () => {
      expect(given(courseDecider, [registered]).when(correct({}))).toEqual(emits());
      expect(given(courseDecider, [registered]).when(correct({ name: 'Labour law basics' }))).toEqual(emits());
      expect(given(courseDecider, [registered, corrected]).when(correct({ name: 'Labour law for beginners' }))).toEqual(
        emits(),
      );
    });

    it('refuses to correct a course that does not exist', () => {
      expect(given(courseDecider).when(correct({ name: 'x' }))).toEqual(
        refuses('not_found', { field: 'courseId', rule: 'exists' }),
      );
    });
  });

  describe('AssignCourseToBrand', () => {
    it('assigns a course to a registered brand', () => {
      expect(given(courseDecider, [registered]).when(assign('brand-1'))).toEqual(emits(assigned('brand-1')));
    });

    it('assigns a course to another brand after it was removed from the first', () => {
      const past = [registered, assigned('brand-1'), removed('brand-1')];
      expect(given(courseDecider, past).when(assign('brand-2'))).toEqual(emits(assigned('brand-2')));
    });

    it('refuses to assign a course that does not exist', () => {
      expect(given(courseDecider).when(assign('brand-1'))).toEqual(refuses('not_found', { field: 'courseId', rule: 'exists' }));
    });

    it('refuses to assign a course to a brand that does not exist', () => {
      expect(given(courseDecider, [registered]).when(assign('brand-1', { status: 'unknown' }))).toEqual(
        refuses('not_found', { field: 'brandId', rule: 'exists' }),
      );
    });

    it('records nothing when the course is already in that brand (a retried assignment)', () => {
      expect(given(courseDecider, [registered, assigned('brand-1')]).when(assign('brand-1'))).toEqual(emits());
    });

    it('refuses to assign a course that is in another brand: a course belongs to one brand', () => {
      expect(given(courseDecider, [registered, assigned('brand-1')]).when(assign('brand-2'))).toEqual(
        refuses('conflict', { field: 'brandId', rule: 'oneBrand' }),
      );
    });

    it('reads a hand-built course state without brandId as in no brand', () => {
      const state: CourseState = { status: 'registered', ...registered.data };
      expect(courseDecider.decide(assign('brand-1'), state, { today: '2024-12-31' })).toEqual([assigned('brand-1')]);
    });
  });

  describe('RemoveCourseFromBrand', () => {
    it('removes a course from its brand, naming the brand', () => {
      expect(given(courseDecider, [registered, assigned('brand-1')]).when(removeFromBrand)).toEqual(emits(removed('brand-1')));
    });

    it('refuses to remove a course that is in no brand', () => {
      expect(given(courseDecider, [registered]).when(removeFromBrand)).toEqual(
        refuses('not_found', { field: 'brandId', rule: 'exists' }),
      );
    });

    it('treats a removal repeated after the course left its brand as a retry that changes nothing', () => {
      expect(given(courseDecider, [registered, assigned('brand-1'), removed('brand-1')]).when(removeFromBrand)).toEqual(emits());
    });

    it('refuses to remove a course that does not exist', () => {
      expect(given(courseDecider).when(removeFromBrand)).toEqual(refuses('not_found', { field: 'courseId', rule: 'exists' }));
    });
  });

  describe('evolve', () => {
    it('folds a registration and a correction into the corrected course', () => {
      expect(given(courseDecider, [registered, corrected]).state).toEqual({
        status: 'registered',
        courseId: 'course-1',
        organizationId: 'org-1',
        name: 'Labour law for beginners',
        category: 'legal',
        brandId: null,
      });
    });

    it('folds assignments to and removals from brands into the current brand', () => {
      expect(given(courseDecider, [registered, assigned('brand-1')]).state).toMatchObject({ brandId: 'brand-1' });
      expect(given(courseDecider, [registered, assigned('brand-1'), removed('brand-1')]).state).toMatchObject({ brandId: null });
      const past = [registered, assigned('brand-1'), removed('brand-1'), assigned('brand-2'), corrected];
      expect(given(courseDecider, past).state).toEqual({
        status: 'registered',
        ...registered.data,
        name: 'Labour law for beginners',
        brandId: 'brand-2',
        removedFromBrandId: null,
      });
    });

    it('never throws on an unknown event or a correction before the registration', () => {
      const unknown = { type: 'CourseArchivedInSomeFutureVersion', data: {} } as never;
      const history = [unknown, corrected, registered, unknown];
      expect(() => given(courseDecider, history)).not.toThrow();
      expect(given(courseDecider, [corrected]).state).toEqual({ status: 'unknown' });
      expect(given(courseDecider, history).state).toEqual({ status: 'registered', ...registered.data, brandId: null });
    });

    it('never throws on a brand assignment or removal before the registration', () => {
      const history: CourseEvent[] = [assigned('brand-1'), removed('brand-1'), assigned('brand-2')];
      expect(() => given(courseDecider, history)).not.toThrow();
      expect(given(courseDecider, history).state).toEqual({ status: 'unknown' });
      expect(given(courseDecider, [...history, registered]).state).toEqual({ status: 'registered', ...registered.data, brandId: null });
    });
  });
});
