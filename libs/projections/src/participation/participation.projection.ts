import { StoredEvent } from '../../../event-store/src/event-store.port';
import { LedgerEvent } from '../../../domain/src/ledger-events';
import { ProjectionDefinition, sql } from '../projection';
import { SqlStatement } from '../read-model.port';

/**
 * Participation counts: who attended which session, clinics, meals and members, each row carrying
 * its organisation and date so that a subtree and a period select it. Organisations keep their
 * materialised path (`/beijing/chaoyang/chaowai/`) so that a subtree is one prefix match.
 * Corrections update or delete the rows they correct: the tables always hold the current truth.
 */
export const participationProjection: ProjectionDefinition = {
  name: 'participation_v1',
  ddl: [
    `CREATE TABLE IF NOT EXISTS organizations (
       id TEXT PRIMARY KEY, name TEXT NOT NULL, level TEXT NOT NULL, parent_id TEXT, path TEXT NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS courses (
       id TEXT PRIMARY KEY, organization_id TEXT NOT NULL, name TEXT NOT NULL, category TEXT NOT NULL)`,
    `CREATE INDEX IF NOT EXISTS courses_by_organization ON courses (organization_id)`,
    `CREATE TABLE IF NOT EXISTS sessions (
       course_id TEXT NOT NULL, session_id TEXT NOT NULL, organization_id TEXT NOT NULL, date TEXT NOT NULL,
       PRIMARY KEY (course_id, session_id))`,
    `CREATE INDEX IF NOT EXISTS sessions_by_organization_date ON sessions (organization_id, date)`,
    `CREATE TABLE IF NOT EXISTS attendances (
       course_id TEXT NOT NULL, session_id TEXT NOT NULL, participant_id TEXT NOT NULL,
       organization_id TEXT NOT NULL, date TEXT NOT NULL,
       PRIMARY KEY (course_id, session_id, participant_id))`,
    `CREATE INDEX IF NOT EXISTS attendances_by_organization_date ON attendances (organization_id, date)`,
    `CREATE TABLE IF NOT EXISTS clinics (
       id TEXT PRIMARY KEY, organization_id TEXT NOT NULL, date TEXT NOT NULL, workers_served INTEGER NOT NULL)`,
    `CREATE INDEX IF NOT EXISTS clinics_by_organization_date ON clinics (organization_id, date)`,
    `CREATE TABLE IF NOT EXISTS meals (
       id TEXT PRIMARY KEY, organization_id TEXT NOT NULL, date TEXT NOT NULL, meals INTEGER NOT NULL)`,
    `CREATE INDEX IF NOT EXISTS meals_by_organization_date ON meals (organization_id, date)`,
    `CREATE TABLE IF NOT EXISTS members (
       organization_id TEXT NOT NULL, worker_id TEXT NOT NULL, date TEXT NOT NULL,
       channel TEXT NOT NULL, category TEXT NOT NULL, PRIMARY KEY (organization_id, worker_id))`,
    `CREATE INDEX IF NOT EXISTS members_by_organization_date ON members (organization_id, date)`,
  ],

  project(stored: StoredEvent): readonly SqlStatement[] {
    const event = { type: stored.type, data: stored.data } as LedgerEvent;
    switch (event.type) {
      case 'OrganizationRegistered': {
        const { organizationId, name, level, parentId } = event.data;
        return [
          sql(
            `INSERT INTO organizations (id, name, level, parent_id, path)
             VALUES (?, ?, ?, ?, coalesce((SELECT path FROM organizations WHERE id = ?), '/') || ? || '/')
             ON CONFLICT (id) DO NOTHING`,
            organizationId, name, level, parentId, parentId, organizationId,
          ),
        ];
      }
      case 'CourseRegistered': {
        const { courseId, organizationId, name, category } = event.data;
        return [
          sql(
            'INSERT INTO courses (id, organization_id, name, category) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
            courseId, organizationId, name, category,
          ),
        ];
      }
      case 'CourseDetailsCorrected': {
        const { courseId, name, category } = event.data;
        return [sql('UPDATE courses SET name = ?, category = ? WHERE id = ?', name, category, courseId)];
      }
      case 'CourseSessionHeld': {
        const { courseId, sessionId, date } = event.data;
        return [
          sql(
            `INSERT INTO sessions (course_id, session_id, organization_id, date)
             SELECT id, ?, organization_id, ? FROM courses WHERE id = ?
             ON CONFLICT (course_id, session_id) DO NOTHING`,
            sessionId, date, courseId,
          ),
        ];
      }
      case 'CourseSessionAttended': {
        const { courseId, sessionId, participantId } = event.data;
        return [
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
        return [
          sql(
            'DELETE FROM attendances WHERE course_id = ? AND session_id = ? AND participant_id = ?',
            courseId, sessionId, participantId,
          ),
        ];
      }
      case 'CourseSessionVoided': {
        const { courseId, sessionId } = event.data;
        return [
          sql('DELETE FROM attendances WHERE course_id = ? AND session_id = ?', courseId, sessionId),
          sql('DELETE FROM sessions WHERE course_id = ? AND session_id = ?', courseId, sessionId),
        ];
      }
      case 'ClinicHeld': {
        const { clinicId, organizationId, date, workersServed } = event.data;
        return [
          sql(
            'INSERT INTO clinics (id, organization_id, date, workers_served) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
            clinicId, organizationId, date, workersServed,
          ),
        ];
      }
      case 'ClinicCorrected': {
        const { clinicId, date, workersServed } = event.data;
        return [sql('UPDATE clinics SET date = ?, workers_served = ? WHERE id = ?', date, workersServed, clinicId)];
      }
      case 'MealServed': {
        const { mealId, organizationId, date, meals } = event.data;
        return [
          sql(
            'INSERT INTO meals (id, organization_id, date, meals) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
            mealId, organizationId, date, meals,
          ),
        ];
      }
      case 'MealCountCorrected': {
        const { mealId, meals } = event.data;
        return [sql('UPDATE meals SET meals = ? WHERE id = ?', meals, mealId)];
      }
      case 'MemberJoined': {
        const { organizationId, workerId, date, channel, category } = event.data;
        return [
          sql(
            `INSERT INTO members (organization_id, worker_id, date, channel, category) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (organization_id, worker_id) DO NOTHING`,
            organizationId, workerId, date, channel, category,
          ),
        ];
      }
      case 'MembershipVoided': {
        const { organizationId, workerId } = event.data;
        return [sql('DELETE FROM members WHERE organization_id = ? AND worker_id = ?', organizationId, workerId)];
      }
      default:
        return ignore(event);
    }
  },
};

/** Events this projection does not count (and types added later) change nothing here. */
function ignore(_event: never): readonly SqlStatement[] {
  return [];
}
