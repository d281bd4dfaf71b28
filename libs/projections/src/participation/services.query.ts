import { QueryRunner, ScopeFilter, scopeCondition } from './scope';

export interface TripRow {
  tripId: string;
  organizationId: string;
  destination: string;
  startDate: string;
  endDate: string;
  days: number;
  participants: number;
  personDays: number;
  byEligibility: Record<string, number>;
}

export interface TripFigures {
  trips: TripRow[];
  totals: { trips: number; participants: number; distinctParticipants: number; personDays: number };
}

/** Per trip and in total: participants, distinct people, person-days (participants × days). */
export async function trips(run: QueryRunner, filter: ScopeFilter): Promise<TripFigures> {
  const where = scopeCondition(filter);
  const [rows, eligibility, [totals]] = await Promise.all([
    run<Omit<TripRow, 'byEligibility'>>(
      `SELECT t.id AS "tripId", t.organization_id AS "organizationId", t.destination, t.start_date AS "startDate",
              t.end_date AS "endDate", t.days,
              (SELECT count(*) FROM trip_participants p WHERE p.trip_id = t.id) AS participants,
              (SELECT count(*) FROM trip_participants p WHERE p.trip_id = t.id) * t.days AS "personDays"
       FROM trips t WHERE ${where.sql} ORDER BY t.start_date, t.id`,
      where.params,
    ),
    run<{ tripId: string; category: string; n: number }>(
      `SELECT t.trip_id AS "tripId", t.eligibility_category AS category, count(*) AS n
       FROM trip_participants t WHERE ${where.sql} GROUP BY 1, 2`,
      where.params,
    ),
    run<{ participants: number; people: number; personDays: number }>(
      `SELECT count(*) AS participants, count(DISTINCT t.participant_id) AS people, sum(t.days) AS "personDays"
       FROM trip_participants t WHERE ${where.sql}`,
      where.params,
    ),
  ]);
  const trips = rows.map((row) => ({
    ...row,
    days: Number(row.days),
    participants: Number(row.participants),
    personDays: Number(row.personDays),
    byEligibility: Object.fromEntries(eligibility.filter((e) => e.tripId === row.tripId).map((e) => [e.category, Number(e.n)])),
  }));
  return {
    trips,
    totals: {
      trips: trips.length,
      participants: Number(totals?.participants ?? 0),
      distinctParticipants: Number(totals?.people ?? 0),
      personDays: Number(totals?.personDays ?? 0),
    },
  };
}

export interface Quantity {
  quantity: number;
}
export interface CoolingSite {
  site: string;
  organizationId: string;
  deliveries: number;
  workersReached: number;
  items: Array<{ item: string; unit: string } & Quantity>;
  equipment: Array<{ kind: string } & Quantity>;
}
export interface CoolingFigures {
  deliveries: number;
  workersReached: number;
  items: Array<{ item: string; unit: string } & Quantity>;
  equipment: Array<{ kind: string } & Quantity>;
  sites: CoolingSite[];
}

/** Summer cooling: deliveries and workers reached, items by kind and unit, equipment by kind, per site. */
export async function cooling(run: QueryRunner, filter: ScopeFilter): Promise<CoolingFigures> {
  const where = scopeCondition(filter);
  const [deliveries, items, equipment] = await Promise.all([
    run<{ site: string; organizationId: string; deliveries: number; workersReached: number }>(
      `SELECT t.site, t.organization_id AS "organizationId", count(*) AS deliveries, sum(t.workers_reached) AS "workersReached"
       FROM cooling_deliveries t WHERE ${where.sql} GROUP BY 1, 2`,
      where.params,
    ),
    run<{ site: string; organizationId: string; item: string; unit: string; quantity: number }>(
      `SELECT t.site, t.organization_id AS "organizationId", t.item, t.unit, sum(t.quantity) AS quantity
       FROM cooling_items t WHERE ${where.sql} GROUP BY 1, 2, 3, 4 ORDER BY 3, 4`,
      where.params,
    ),
    run<{ site: string; organizationId: string; kind: string; quantity: number }>(
      `SELECT t.site, t.organization_id AS "organizationId", t.kind, sum(t.quantity) AS quantity
       FROM cooling_equipment t WHERE ${where.sql} GROUP BY 1, 2, 3 ORDER BY 3`,
      where.params,
    ),
  ]);
  const siteKey = (r: { site: string; organizationId: string }) => `${r.organizationId}\u0000${r.site}`;
  const sites = new Map<string, CoolingSite>();
  const site = (r: { site: string; organizationId: string }) => {
    let s = sites.get(siteKey(r));
    if (!s) sites.set(siteKey(r), (s = { site: r.site, organizationId: r.organizationId, deliveries: 0, workersReached: 0, items: [], equipment: [] }));
    return s;
  };
  for (const r of deliveries) Object.assign(site(r), { deliveries: Number(r.deliveries), workersReached: Number(r.workersReached) });
  for (const r of items) site(r).items.push({ item: r.item, unit: r.unit, quantity: Number(r.quantity) });
  for (const r of equipment) site(r).equipment.push({ kind: r.kind, quantity: Number(r.quantity) });
  const sumBy = <T extends Quantity>(rows: T[], key: (r: T) => string, make: (r: T) => T) => {
    const totals = new Map<string, T>();
    for (const r of rows) {
      const total = totals.get(key(r));
      if (total) total.quantity += r.quantity;
      else totals.set(key(r), make(r));
    }
    return [...totals.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, total]) => total);
  };
  const allSites = [...sites.values()].sort((a, b) => a.organizationId.localeCompare(b.organizationId) || a.site.localeCompare(b.site));
  return {
    deliveries: allSites.reduce((n, s) => n + s.deliveries, 0),
    workersReached: allSites.reduce((n, s) => n + s.workersReached, 0),
    items: sumBy(allSites.flatMap((s) => s.items), (r) => `${r.item}\u0000${r.unit}`, (r) => ({ ...r })),
    equipment: sumBy(allSites.flatMap((s) => s.equipment), (r) => r.kind, (r) => ({ ...r })),
    sites: allSites,
  };
}

export interface ProgrammeCount {
  applications: number;
  admissions: number;
}
export interface ProgrammeFigures extends ProgrammeCount {
  byTrack: Array<{ track: string } & ProgrammeCount>;
  byRecommendingOrganization: Array<{ organizationId: string } & ProgrammeCount>;
  byTuitionAid: Array<{ tuitionAid: string } & ProgrammeCount>;
}

/**
 * The skills programme: applications (by the track applied for) and admissions (by the track
 * admitted to), per track, per recommending union, per tuition-aid category. Applications count
 * under the union that recommended them, on the date they were made.
 */
export async function programme(run: QueryRunner, filter: ScopeFilter & { intakeId?: string }): Promise<ProgrammeFigures> {
  const scope = scopeCondition(filter);
  const where = filter.intakeId ? { sql: `${scope.sql} AND t.intake_id = ?`, params: [...scope.params, filter.intakeId] } : scope;
  const grouped = async (applied: string, admitted: string) => {
    const rows = await run<{ k: string; applications: number; admissions: number }>(
      `SELECT k, sum(applications) AS applications, sum(admissions) AS admissions FROM (
         SELECT ${applied} AS k, 1 AS applications, 0 AS admissions FROM programme_applications t WHERE ${where.sql}
         UNION ALL
         SELECT ${admitted} AS k, 0, 1 FROM programme_applications t WHERE ${where.sql} AND t.admitted = 1
       ) AS uses GROUP BY k ORDER BY k`,
      [...where.params, ...where.params],
    );
    return rows.map((r) => ({ k: r.k, applications: Number(r.applications), admissions: Number(r.admissions) }));
  };
  const [byTrack, byOrganization, byAid] = await Promise.all([
    grouped('t.track', 't.admission_track'),
    grouped('t.organization_id', 't.organization_id'),
    grouped('t.tuition_aid', 't.admission_tuition_aid'),
  ]);
  return {
    applications: byTrack.reduce((n, r) => n + r.applications, 0),
    admissions: byTrack.reduce((n, r) => n + r.admissions, 0),
    byTrack: byTrack.map(({ k, ...counts }) => ({ track: k, ...counts })),
    byRecommendingOrganization: byOrganization.map(({ k, ...counts }) => ({ organizationId: k, ...counts })),
    byTuitionAid: byAid.map(({ k, ...counts }) => ({ tuitionAid: k, ...counts })),
  };
}
