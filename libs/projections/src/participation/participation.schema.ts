/**
 * The participation read model's tables. Every fact row carries `organization_id` and `date`, the
 * two things a scope and a period select on.
 */
export const PARTICIPATION_DDL: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS organizations (id TEXT PRIMARY KEY, name TEXT NOT NULL, level TEXT NOT NULL, parent_id TEXT)`,
  // Parent links with the dates they held: [valid_from, valid_to).
  `CREATE TABLE IF NOT EXISTS organization_links (
     organization_id TEXT NOT NULL, parent_id TEXT, valid_from TEXT NOT NULL, valid_to TEXT NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS organization_links_by_organization ON organization_links (organization_id)`,
  // The closure of the links: ancestor_id was an ancestor of (or is) organization_id in [valid_from, valid_to).
  `CREATE TABLE IF NOT EXISTS organization_ancestry (
     organization_id TEXT NOT NULL, ancestor_id TEXT NOT NULL, valid_from TEXT NOT NULL, valid_to TEXT NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS organization_ancestry_by_ancestor ON organization_ancestry (ancestor_id, organization_id, valid_from)`,
  `CREATE INDEX IF NOT EXISTS organization_ancestry_by_organization ON organization_ancestry (organization_id)`,
  `CREATE TABLE IF NOT EXISTS organization_rescope (organization_id TEXT PRIMARY KEY)`,

  `CREATE TABLE IF NOT EXISTS brands (id TEXT PRIMARY KEY, organization_id TEXT NOT NULL, name TEXT NOT NULL, description TEXT)`,
  `CREATE TABLE IF NOT EXISTS courses (
     id TEXT PRIMARY KEY, organization_id TEXT NOT NULL, name TEXT NOT NULL, category TEXT NOT NULL, brand_id TEXT)`,
  `CREATE INDEX IF NOT EXISTS courses_by_organization ON courses (organization_id)`,
  `CREATE TABLE IF NOT EXISTS sessions (
     course_id TEXT NOT NULL, session_id TEXT NOT NULL, organization_id TEXT NOT NULL, date TEXT NOT NULL,
     PRIMARY KEY (course_id, session_id))`,
  `CREATE INDEX IF NOT EXISTS sessions_by_organization_date ON sessions (organization_id, date)`,
  `CREATE TABLE IF NOT EXISTS attendances (
     course_id TEXT NOT NULL, session_id TEXT NOT NULL, participant_id TEXT NOT NULL,
     organization_id TEXT NOT NULL, date TEXT NOT NULL, PRIMARY KEY (course_id, session_id, participant_id))`,
  `CREATE INDEX IF NOT EXISTS attendances_by_organization_date ON attendances (organization_id, date)`,

  `CREATE TABLE IF NOT EXISTS clinics (
     id TEXT PRIMARY KEY, organization_id TEXT NOT NULL, date TEXT NOT NULL, workers_served INTEGER NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS clinics_by_organization_date ON clinics (organization_id, date)`,
  `CREATE TABLE IF NOT EXISTS clinic_visitors (
     clinic_id TEXT NOT NULL, participant_id TEXT NOT NULL, organization_id TEXT NOT NULL, date TEXT NOT NULL,
     PRIMARY KEY (clinic_id, participant_id))`,
  `CREATE TABLE IF NOT EXISTS meals (
     id TEXT PRIMARY KEY, organization_id TEXT NOT NULL, date TEXT NOT NULL, meals INTEGER NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS meals_by_organization_date ON meals (organization_id, date)`,
  `CREATE TABLE IF NOT EXISTS meal_recipients (
     meal_id TEXT NOT NULL, participant_id TEXT NOT NULL, organization_id TEXT NOT NULL, date TEXT NOT NULL,
     PRIMARY KEY (meal_id, participant_id))`,
  `CREATE TABLE IF NOT EXISTS members (
     organization_id TEXT NOT NULL, worker_id TEXT NOT NULL, date TEXT NOT NULL,
     channel TEXT NOT NULL, category TEXT NOT NULL, PRIMARY KEY (organization_id, worker_id))`,
  `CREATE INDEX IF NOT EXISTS members_by_organization_date ON members (organization_id, date)`,

  `CREATE TABLE IF NOT EXISTS trips (
     id TEXT PRIMARY KEY, organization_id TEXT NOT NULL, destination TEXT NOT NULL,
     start_date TEXT NOT NULL, end_date TEXT NOT NULL, days INTEGER NOT NULL, date TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS trip_participants (
     trip_id TEXT NOT NULL, participant_id TEXT NOT NULL, eligibility_category TEXT NOT NULL,
     organization_id TEXT NOT NULL, date TEXT NOT NULL, days INTEGER NOT NULL, PRIMARY KEY (trip_id, participant_id))`,

  `CREATE TABLE IF NOT EXISTS cooling_deliveries (
     id TEXT PRIMARY KEY, organization_id TEXT NOT NULL, site TEXT NOT NULL, date TEXT NOT NULL, workers_reached INTEGER NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS cooling_items (
     delivery_id TEXT NOT NULL, item TEXT NOT NULL, unit TEXT NOT NULL, quantity INTEGER NOT NULL,
     organization_id TEXT NOT NULL, site TEXT NOT NULL, date TEXT NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS cooling_items_by_delivery ON cooling_items (delivery_id)`,
  `CREATE TABLE IF NOT EXISTS cooling_equipment (
     id TEXT PRIMARY KEY, organization_id TEXT NOT NULL, site TEXT NOT NULL, date TEXT NOT NULL,
     kind TEXT NOT NULL, quantity INTEGER NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS feedback (
     id TEXT PRIMARY KEY, organization_id TEXT NOT NULL, date TEXT NOT NULL, topic TEXT NOT NULL, suggestions INTEGER NOT NULL)`,

  `CREATE TABLE IF NOT EXISTS programme_intakes (id TEXT PRIMARY KEY, organization_id TEXT NOT NULL, programme TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS programme_applications (
     intake_id TEXT NOT NULL, applicant_id TEXT NOT NULL, track TEXT NOT NULL, tuition_aid TEXT NOT NULL,
     organization_id TEXT NOT NULL, date TEXT NOT NULL, admitted INTEGER NOT NULL,
     admission_track TEXT, admission_tuition_aid TEXT, admission_date TEXT, PRIMARY KEY (intake_id, applicant_id))`,

  `CREATE TABLE IF NOT EXISTS targets (
     organization_id TEXT NOT NULL, measure TEXT NOT NULL, period TEXT NOT NULL, target INTEGER NOT NULL,
     PRIMARY KEY (organization_id, measure, period))`,

  // Every use of a service by an identified person, for frequency and cross-service questions.
  `CREATE VIEW IF NOT EXISTS person_service_uses (person_id, service, organization_id, date) AS
     SELECT participant_id, 'course', organization_id, date FROM attendances
     UNION ALL SELECT participant_id, 'trip', organization_id, date FROM trip_participants
     UNION ALL SELECT worker_id, 'membership', organization_id, date FROM members
     UNION ALL SELECT applicant_id, 'programme', organization_id, date FROM programme_applications
     UNION ALL SELECT participant_id, 'clinic', organization_id, date FROM clinic_visitors
     UNION ALL SELECT participant_id, 'meal', organization_id, date FROM meal_recipients`,
];
