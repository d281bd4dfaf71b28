import { emits, given, refuses } from '../shared/given-when-then';
import { OrganizationState } from '../organization/organization.events';
import { CourseCommand, courseDecider } from './course.decider';
import { CourseDetailsCorrected, CourseRegistered } from './course.events';

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

function register(
  data: Partial<CourseRegistered['data']> = {},
  org: OrganizationState = organization,
): CourseCommand {
  return { type: 'RegisterCourse', data: { ...registered.data, ...data }, organization: org };
}

function correct(changes: { name?: string; category?: string }): CourseCommand {
  return { type: 'CorrectCourseDetails', data: { courseId: 'course-1', reason: 'typo', ...changes } };
}

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

  describe('evolve', () => {
    it('folds a registration and a correction into the corrected course', () => {
      expect(given(courseDecider, [registered, corrected]).state).toEqual({
        status: 'registered',
        courseId: 'course-1',
        organizationId: 'org-1',
        name: 'Labour law for beginners',
        category: 'legal',
      });
    });

    it('never throws on an unknown event or a correction before the registration', () => {
      const unknown = { type: 'CourseArchivedInSomeFutureVersion', data: {} } as never;
      const history = [unknown, corrected, registered, unknown];
      expect(() => given(courseDecider, history)).not.toThrow();
      expect(given(courseDecider, [corrected]).state).toEqual({ status: 'unknown' });
      expect(given(courseDecider, history).state).toEqual({ status: 'registered', ...registered.data });
    });
  });
});
