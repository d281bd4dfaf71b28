import { Decider, ignoreUnknownEvent } from '../shared/decider';
import { refuse } from '../shared/errors';
import { OrganizationState } from '../organization/organization.events';
import { ProgrammeBrandState } from '../programme-brand/programme-brand.events';
import { CourseEvent, CourseState } from './course.events';

export type CourseCommand =
  | {
      readonly type: 'RegisterCourse';
      readonly data: { courseId: string; organizationId: string; name: string; category: string };
      readonly organization: OrganizationState;
    }
  | {
      readonly type: 'CorrectCourseDetails';
      readonly data: { courseId: string; name?: string; category?: string; reason: string };
    }
  | {
      readonly type: 'AssignCourseToBrand';
      readonly data: { courseId: string; brandId: string };
      /** The brand's state, looked up by the handler. */
      readonly brand: ProgrammeBrandState;
    }
  | {
      readonly type: 'RemoveCourseFromBrand';
      readonly data: { courseId: string; reason: string };
    };

export const courseDecider: Decider<CourseCommand, CourseEvent, CourseState> = {
  initialState: { status: 'unknown' },

  decide(command, state) {
    switch (command.type) {
      case 'RegisterCourse': {
        const { data } = command;
        if (state.status === 'registered') {
          const same =
            state.organizationId === data.organizationId && state.name === data.name && state.category === data.category;
          if (same) return [];
          throw refuse.conflict('id', 'unique', `course ${data.courseId} is already registered differently`);
        }
        if (command.organization.status !== 'registered') {
          throw refuse.notFound('organizationId', `organisation ${data.organizationId} does not exist`);
        }
        return [{ type: 'CourseRegistered', data: { ...data } }];
      }
      case 'CorrectCourseDetails': {
        const { data } = command;
        if (state.status !== 'registered') throw refuse.notFound('courseId', `course ${data.courseId} does not exist`);
        const name = data.name ?? state.name;
        const category = data.category ?? state.category;
        if (name === state.name && category === state.category) return [];
        return [{ type: 'CourseDetailsCorrected', data: { courseId: data.courseId, name, category, reason: data.reason } }];
      }
      case 'AssignCourseToBrand': {
        const { courseId, brandId } = command.data;
        if (state.status !== 'registered') throw refuse.notFound('courseId', `course ${courseId} does not exist`);
        if (command.brand.status !== 'registered') throw refuse.notFound('brandId', `programme brand ${brandId} does not exist`);
        const current = state.brandId ?? null;
        if (current === brandId) return []; // a retried assignment
        if (current !== null) {
          throw refuse.conflict('brandId', 'oneBrand', `course ${courseId} belongs to brand ${current}; remove it from that brand first`);
        }
        return [{ type: 'CourseAssignedToBrand', data: { courseId, brandId } }];
      }
      case 'RemoveCourseFromBrand': {
        const { courseId, reason } = command.data;
        if (state.status !== 'registered') throw refuse.notFound('courseId', `course ${courseId} does not exist`);
        const brandId = state.brandId ?? null;
        if (brandId === null) {
          if (state.removedFromBrandId) return [];
          throw refuse.notFound('brandId', `course ${courseId} does not belong to a brand`);
        }
        return [{ type: 'CourseRemovedFromBrand', data: { courseId, brandId, reason } }];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'CourseRegistered':
        return { status: 'registered', ...event.data, brandId: null };
      case 'CourseDetailsCorrected':
        return state.status === 'registered' ? { ...state, name: event.data.name, category: event.data.category } : state;
      case 'CourseAssignedToBrand':
        return state.status === 'registered' ? { ...state, brandId: event.data.brandId, removedFromBrandId: null } : state;
      case 'CourseRemovedFromBrand':
        return state.status === 'registered' ? { ...state, brandId: null, removedFromBrandId: event.data.brandId } : state;
      default:
        return ignoreUnknownEvent(event, state);
    }
  },
};
