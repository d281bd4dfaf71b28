import { StoredEvent } from '../../../event-store/src/event-store.port';
import { LedgerEvent } from '../../../domain/src/ledger-events';
import { PureProjection, sql } from '../projection';
import { BatchStep, SqlStatement } from '../read-model.port';
import { PARTICIPATION_DDL } from './participation.schema';
import { FactTable, FOLD, restageSubtree, ROLLUP_DDL, stage, stageRows } from './rollups';

const FOREVER_FROM = '0000-01-01';
const FOREVER_TO = '9999-12-31';

/**
 * Participation counts: every fact as a row with its organisation and date, so that a subtree and
 * a period select it. The organisation tree is dated: `organization_ancestry` says which
 * organisation was under which, from which date to which, so an activity counts under the tree as
 * it stood on the activity's date (or under today's tree, with the rows that run to 9999-12-31).
 * Corrections update or delete the rows they correct: the tables always hold the current truth.
 */
export const participationProjection: PureProjection = {
  name: 'participation_v6',
  ddl: [...PARTICIPATION_DDL, ...ROLLUP_DDL],
  afterBatch: FOLD,

  project(stored: StoredEvent): readonly BatchStep[] {
    const event = { type: stored.type, data: stored.data } as LedgerEvent;
    switch (event.type) {
      case 'OrganizationRegistered': {
        const { organizationId, name, level, parentId } = event.data;
        return [
          sql('INSERT INTO organizations (id, name, level, parent_id) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING', organizationId, name, level, parentId),
          sql('INSERT INTO organization_links (organization_id, parent_id, valid_from, valid_to) VALUES (?, ?, ?, ?)', organizationId, parentId, FOREVER_FROM, FOREVER_TO),
          // Under its parent since ever: the parent's ancestors are its ancestors, plus itself.
          sql(
            `INSERT INTO organization_ancestry (organization_id, ancestor_id, valid_from, valid_to)
             SELECT ?, ancestor_id, valid_from, valid_to FROM organization_ancestry WHERE organization_id = ?
             UNION ALL SELECT ?, ?, ?, ?`,
            organizationId, parentId, organizationId, organizationId, FOREVER_FROM, FOREVER_TO,
          ),
        ];
      }
      case 'OrganizationMoved': {
        const { organizationId, toParentId, effectiveDate } = event.data;
        return [
          sql('UPDATE organization_links SET valid_to = ? WHERE organization_id = ? AND valid_to = ?', effectiveDate, organizationId, FOREVER_TO),
          sql('INSERT INTO organization_links (organization_id, parent_id, valid_from, valid_to) VALUES (?, ?, ?, ?)', organizationId, toParentId, effectiveDate, FOREVER_TO),
          sql('UPDATE organizations SET parent_id = ? WHERE id = ?', toParentId, organizationId),
          // The subtree's roll-ups leave the ancestors it had and join those it has now.
          ...restageSubtree(organizationId, -1),
          ...recomputeAncestryBelow(organizationId),
          ...restageSubtree(organizationId, 1),
        ];
      }
      case 'OrganizationRenamed': {
        const { organizationId, name } = event.data;
        return [sql('UPDATE organizations SET name = ? WHERE id = ?', name, organizationId)];
      }
      case 'ProgrammeBrandRegistered': {
        const { brandId, organizationId, name, description } = event.data;
        return [sql('INSERT INTO brands (id, organization_id, name, description) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING', brandId, organizationId, name, description)];
      }
      case 'ProgrammeBrandCorrected': {
        const { brandId, name, description } = event.data;
        return [sql('UPDATE brands SET name = ?, description = ? WHERE id = ?', name, description, brandId)];
      }
      case 'CourseRegistered': {
        const { courseId, organizationId, name, category } = event.data;
        return [sql('INSERT INTO courses (id, organization_id, name, category) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING', courseId, organizationId, name, category)];
      }
      case 'CourseDetailsCorrected': {
        const { courseId, name, category } = event.data;
        return [sql('UPDATE courses SET name = ?, category = ? WHERE id = ?', name, category, courseId)];
      }
      case 'CourseAssignedToBrand':
        return [sql('UPDATE courses SET brand_id = ? WHERE id = ?', event.data.brandId, event.data.courseId)];
      case 'CourseRemovedFromBrand':
        return [sql('UPDATE courses SET brand_id = NULL WHERE id = ?', event.data.courseId)];
      case 'CourseSessionHeld': {
        const { courseId, sessionId, date } = event.data;
        return restaged([['sessions', 't.course_id = ? AND t.session_id = ?', courseId, sessionId]], [
          sql(
            `INSERT INTO sessions (course_id, session_id, organization_id, date)
             SELECT id, ?, organization_id, ? FROM courses WHERE id = ?
             ON CONFLICT (course_id, session_id) DO NOTHING`,
            sessionId, date, courseId,
          ),
        ]);
      }
      case 'CourseSessionAttended': {
        const { courseId, sessionId, participantId } = event.data;
        // The busiest event: it stages the attendance it is about to add, straight from the session, unless already there.
        const added = `(SELECT s.course_id, s.session_id, CAST(? AS TEXT) AS participant_id, s.organization_id, s.date FROM sessions s
          WHERE s.course_id = ? AND s.session_id = ?
            AND NOT EXISTS (SELECT 1 FROM attendances a WHERE a.course_id = s.course_id AND a.session_id = s.session_id AND a.participant_id = ?)) t`;
        return [
          ...stageRows('attendances', 1, added, participantId, courseId, sessionId, participantId),
          sql(
            `INSERT INTO attendances (course_id, session_id, participant_id, organization_id, date)
             SELECT course_id, session_id, ?, organization_id, date FROM sessions WHERE course_id = ? AND session_id = ?
             ON CONFLICT (course_id, session_id, participant_id) DO NOTHING`,
            participantId, courseId, sessionId,
          ),
        ];
      }
      case 'AttendanceVoided': {
        const { courseId, sessionId, participantId } = event.data;
        return restaged([['attendances', ATTENDANCE, courseId, sessionId, participantId]], [
          sql('DELETE FROM attendances WHERE course_id = ? AND session_id = ? AND participant_id = ?', courseId, sessionId, participantId),
        ]);
      }
      case 'CourseSessionVoided': {
        const { courseId, sessionId } = event.data;
        const session = 't.course_id = ? AND t.session_id = ?';
        return restaged([['attendances', session, courseId, sessionId], ['sessions', session, courseId, sessionId]], [
          sql('DELETE FROM attendances WHERE course_id = ? AND session_id = ?', courseId, sessionId),
          sql('DELETE FROM sessions WHERE course_id = ? AND session_id = ?', courseId, sessionId),
        ]);
      }
      case 'ClinicHeld': {
        const { clinicId, organizationId, date, workersServed } = event.data;
        return restaged([['clinics', BY_ID, clinicId]], [
          sql('INSERT INTO clinics (id, organization_id, date, workers_served) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING', clinicId, organizationId, date, workersServed),
        ]);
      }
      case 'ClinicCorrected': {
        const { clinicId, date, workersServed } = event.data;
        return restaged([['clinics', BY_ID, clinicId], ['clinic_visitors', 't.clinic_id = ?', clinicId]], [
          sql('UPDATE clinics SET date = ?, workers_served = ? WHERE id = ?', date, workersServed, clinicId),
          sql('UPDATE clinic_visitors SET date = ? WHERE clinic_id = ?', date, clinicId),
        ]);
      }
      case 'ClinicVisitorsRecorded': {
        const { clinicId, participantIds } = event.data;
        return participantIds.flatMap((participantId) =>
          restaged([['clinic_visitors', 't.clinic_id = ? AND t.participant_id = ?', clinicId, participantId]], [sql(
            `INSERT INTO clinic_visitors (clinic_id, participant_id, organization_id, date)
             SELECT id, ?, organization_id, date FROM clinics WHERE id = ? ON CONFLICT (clinic_id, participant_id) DO NOTHING`,
            participantId, clinicId,
          )]),
        );
      }
      case 'MealServed': {
        const { mealId, organizationId, date, meals } = event.data;
        return restaged([['meals', BY_ID, mealId]], [
          sql('INSERT INTO meals (id, organization_id, date, meals) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING', mealId, organizationId, date, meals),
        ]);
      }
      case 'MealCountCorrected':
        return restaged([['meals', BY_ID, event.data.mealId]], [sql('UPDATE meals SET meals = ? WHERE id = ?', event.data.meals, event.data.mealId)]);
      case 'MealRecipientsRecorded': {
        const { mealId, participantIds } = event.data;
        return participantIds.flatMap((participantId) =>
          restaged([['meal_recipients', RECIPIENT, mealId, participantId]], [sql(
            `INSERT INTO meal_recipients (meal_id, participant_id, organization_id, date)
             SELECT id, ?, organization_id, date FROM meals WHERE id = ? ON CONFLICT (meal_id, participant_id) DO NOTHING`,
            participantId, mealId,
          )]),
        );
      }
      // Added while the projection was participation_v2, without a new version: no log written before
      // this event existed holds one, so replaying any such log gave the same tables as before.
      case 'MealRecipientVoided':
        return restaged([['meal_recipients', RECIPIENT, event.data.mealId, event.data.participantId]], [
          sql('DELETE FROM meal_recipients WHERE meal_id = ? AND participant_id = ?', event.data.mealId, event.data.participantId),
        ]);
      case 'MemberJoined': {
        const { organizationId, workerId, date, channel, category } = event.data;
        return restaged([['members', MEMBER, organizationId, workerId]], [
          sql(
            `INSERT INTO members (organization_id, worker_id, date, channel, category) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (organization_id, worker_id) DO NOTHING`,
            organizationId, workerId, date, channel, category,
          ),
        ]);
      }
      case 'MembershipVoided':
        return restaged([['members', MEMBER, event.data.organizationId, event.data.workerId]], [
          sql('DELETE FROM members WHERE organization_id = ? AND worker_id = ?', event.data.organizationId, event.data.workerId),
        ]);
      case 'RecuperationTripOrganized':
      case 'RecuperationTripCorrected': {
        const { tripId, destination, startDate, endDate } = event.data;
        const days = daysBetween(startDate, endDate);
        if (event.type === 'RecuperationTripOrganized') {
          return restaged([['trips', BY_ID, tripId]], [
            sql(
              `INSERT INTO trips (id, organization_id, destination, start_date, end_date, days, date) VALUES (?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (id) DO NOTHING`,
              tripId, event.data.organizationId, destination, startDate, endDate, days, startDate,
            ),
          ]);
        }
        return restaged([['trips', BY_ID, tripId], ['trip_participants', 't.trip_id = ?', tripId]], [
          sql('UPDATE trips SET destination = ?, start_date = ?, end_date = ?, days = ?, date = ? WHERE id = ?', destination, startDate, endDate, days, startDate, tripId),
          sql('UPDATE trip_participants SET date = ?, days = ? WHERE trip_id = ?', startDate, days, tripId),
        ]);
      }
      case 'TripParticipationRecorded': {
        const { tripId, participantId, eligibilityCategory } = event.data;
        return restaged([['trip_participants', TRIP_PARTICIPANT, tripId, participantId]], [
          sql(
            `INSERT INTO trip_participants (trip_id, participant_id, eligibility_category, organization_id, date, days)
             SELECT id, ?, ?, organization_id, date, days FROM trips WHERE id = ?
             ON CONFLICT (trip_id, participant_id) DO NOTHING`,
            participantId, eligibilityCategory, tripId,
          ),
        ]);
      }
      case 'TripParticipationVoided':
        return restaged([['trip_participants', TRIP_PARTICIPANT, event.data.tripId, event.data.participantId]], [
          sql('DELETE FROM trip_participants WHERE trip_id = ? AND participant_id = ?', event.data.tripId, event.data.participantId),
        ]);
      case 'CoolingSuppliesDelivered':
      case 'CoolingSuppliesDeliveryCorrected': {
        const { deliveryId, site, date, items, workersReached } = event.data;
        const delivery =
          event.type === 'CoolingSuppliesDelivered'
            ? sql(
                'INSERT INTO cooling_deliveries (id, organization_id, site, date, workers_reached) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
                deliveryId, event.data.organizationId, site, date, workersReached,
              )
            : sql('UPDATE cooling_deliveries SET site = ?, date = ?, workers_reached = ? WHERE id = ?', site, date, workersReached, deliveryId);
        return restaged([['cooling_deliveries', BY_ID, deliveryId]], [
          delivery,
          sql('DELETE FROM cooling_items WHERE delivery_id = ?', deliveryId),
          ...items.map(({ item, quantity, unit }) =>
            sql(
              `INSERT INTO cooling_items (delivery_id, item, unit, quantity, organization_id, site, date)
               SELECT id, ?, ?, ?, organization_id, site, date FROM cooling_deliveries WHERE id = ?`,
              item, unit, quantity, deliveryId,
            ),
          ),
        ]);
      }
      case 'CoolingEquipmentInstalled': {
        const { installationId, organizationId, site, date, kind, quantity } = event.data;
        return restaged([['cooling_equipment', BY_ID, installationId]], [
          sql(
            'INSERT INTO cooling_equipment (id, organization_id, site, date, kind, quantity) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
            installationId, organizationId, site, date, kind, quantity,
          ),
        ]);
      }
      case 'CoolingEquipmentInstallationCorrected': {
        const { installationId, site, date, kind, quantity } = event.data;
        return restaged([['cooling_equipment', BY_ID, installationId]], [
          sql('UPDATE cooling_equipment SET site = ?, date = ?, kind = ?, quantity = ? WHERE id = ?', site, date, kind, quantity, installationId),
        ]);
      }
      case 'WorkerFeedbackRecorded': {
        const { feedbackId, organizationId, date, topic, suggestions } = event.data;
        return restaged([['feedback', BY_ID, feedbackId]], [
          sql('INSERT INTO feedback (id, organization_id, date, topic, suggestions) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING', feedbackId, organizationId, date, topic, suggestions),
        ]);
      }
      case 'WorkerFeedbackCorrected':
        return restaged([['feedback', BY_ID, event.data.feedbackId]], [
          sql('UPDATE feedback SET topic = ?, suggestions = ? WHERE id = ?', event.data.topic, event.data.suggestions, event.data.feedbackId),
        ]);
      case 'ProgrammeIntakeOpened': {
        const { intakeId, organizationId, programme } = event.data;
        return [sql('INSERT INTO programme_intakes (id, organization_id, programme) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING', intakeId, organizationId, programme)];
      }
      case 'ProgrammeIntakeCorrected':
        return [sql('UPDATE programme_intakes SET programme = ? WHERE id = ?', event.data.programme, event.data.intakeId)];
      case 'ProgrammeApplicationRecorded': {
        // An application counts under the union that recommended the applicant.
        const { intakeId, applicantId, track, recommendingOrganizationId, tuitionAid, date } = event.data;
        return restaged([['programme_applications', APPLICATION, intakeId, applicantId]], [
          sql(
            `INSERT INTO programme_applications (intake_id, applicant_id, track, tuition_aid, organization_id, date, admitted)
             VALUES (?, ?, ?, ?, ?, ?, 0) ON CONFLICT (intake_id, applicant_id) DO NOTHING`,
            intakeId, applicantId, track, tuitionAid, recommendingOrganizationId, date,
          ),
        ]);
      }
      case 'ProgrammeAdmissionRecorded': {
        const { intakeId, applicantId, track, tuitionAid, date } = event.data;
        return restaged([['programme_applications', APPLICATION, intakeId, applicantId]], [
          sql(
            `UPDATE programme_applications SET admitted = 1, admission_track = ?, admission_tuition_aid = ?, admission_date = ?
             WHERE intake_id = ? AND applicant_id = ?`,
            track, tuitionAid, date, intakeId, applicantId,
          ),
        ]);
      }
      case 'ProgrammeAdmissionVoided':
        return restaged([['programme_applications', APPLICATION, event.data.intakeId, event.data.applicantId]], [
          sql(
            `UPDATE programme_applications SET admitted = 0, admission_track = NULL, admission_tuition_aid = NULL, admission_date = NULL
             WHERE intake_id = ? AND applicant_id = ?`,
            event.data.intakeId, event.data.applicantId,
          ),
        ]);
      case 'ProgrammeApplicationVoided':
        return restaged([['programme_applications', APPLICATION, event.data.intakeId, event.data.applicantId]], [
          sql('DELETE FROM programme_applications WHERE intake_id = ? AND applicant_id = ?', event.data.intakeId, event.data.applicantId),
        ]);
      case 'TargetSet': {
        const { organizationId, measure, period, target } = event.data;
        return [
          sql(
            `INSERT INTO targets (organization_id, measure, period, target) VALUES (?, ?, ?, ?)
             ON CONFLICT (organization_id, measure, period) DO UPDATE SET target = excluded.target`,
            organizationId, measure, period, target,
          ),
        ];
      }
      case 'ReportPublished':
      case 'PeriodClosed':
      case 'ContactDetailsKept':
      case 'ContactDetailsViewed':
      case 'PersonForgotten':
        return []; // reports, closings and contact-detail records: about activities, not activities to count
      default:
        return ignore(event);
    }
  },
};

/** The fact rows an event touches: a table, a condition over its alias t, and the condition's values. */
type Touched = readonly [FactTable, string, ...unknown[]];

const BY_ID = 't.id = ?';
const ATTENDANCE = 't.course_id = ? AND t.session_id = ? AND t.participant_id = ?';
const RECIPIENT = 't.meal_id = ? AND t.participant_id = ?';
const MEMBER = 't.organization_id = ? AND t.worker_id = ?';
const TRIP_PARTICIPANT = 't.trip_id = ? AND t.participant_id = ?';
const APPLICATION = 't.intake_id = ? AND t.applicant_id = ?';

/**
 * A change to fact rows, with the roll-ups told of it: the rows' contributions are staged
 * negatively before the change and positively after, so that what is staged is exactly its effect
 * (nothing, for a repeated insert that changed nothing).
 */
function restaged(touched: readonly Touched[], change: readonly SqlStatement[]): SqlStatement[] {
  return [
    ...touched.flatMap(([table, where, ...params]) => stage(table, -1, where, ...params)),
    ...change,
    ...touched.flatMap(([table, where, ...params]) => stage(table, 1, where, ...params)),
  ];
}

/**
 * After a move, the dated ancestry of the moved organisation and of everything ever below it is
 * computed again from the parent links: walking up, each step keeps the overlap of the intervals.
 */
function recomputeAncestryBelow(organizationId: string): SqlStatement[] {
  const later = (a: string, b: string) => `CASE WHEN ${a} > ${b} THEN ${a} ELSE ${b} END`;
  const earlier = (a: string, b: string) => `CASE WHEN ${a} < ${b} THEN ${a} ELSE ${b} END`;
  return [
    sql('DELETE FROM organization_rescope'),
    sql('INSERT INTO organization_rescope (organization_id) SELECT DISTINCT organization_id FROM organization_ancestry WHERE ancestor_id = ?', organizationId),
    sql('DELETE FROM organization_ancestry WHERE organization_id IN (SELECT organization_id FROM organization_rescope)'),
    sql(
      `WITH RECURSIVE up (organization_id, ancestor_id, valid_from, valid_to) AS (
         SELECT organization_id, organization_id, '${FOREVER_FROM}', '${FOREVER_TO}' FROM organization_rescope
         UNION ALL
         SELECT up.organization_id, link.parent_id, ${later('up.valid_from', 'link.valid_from')}, ${earlier('up.valid_to', 'link.valid_to')}
         FROM up JOIN organization_links link ON link.organization_id = up.ancestor_id
         WHERE link.parent_id IS NOT NULL
           AND ${later('up.valid_from', 'link.valid_from')} < ${earlier('up.valid_to', 'link.valid_to')}
       )
       INSERT INTO organization_ancestry (organization_id, ancestor_id, valid_from, valid_to)
       SELECT organization_id, ancestor_id, valid_from, valid_to FROM up`,
    ),
  ];
}

/** Calendar days from start to end, both included: a four-day, three-night trip is 4. */
function daysBetween(startDate: string, endDate: string): number {
  return Math.round((Date.parse(`${endDate}T00:00:00Z`) - Date.parse(`${startDate}T00:00:00Z`)) / 86_400_000) + 1;
}

/** Events this projection does not count (and types added later) change nothing here. */
function ignore(_event: never): readonly SqlStatement[] {
  return [];
}
