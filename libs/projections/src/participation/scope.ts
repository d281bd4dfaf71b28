/** Runs one SQL query against the active generation of the participation read model. */
export type QueryRunner = <Row>(sql: string, params: readonly unknown[]) => Promise<Row[]>;

export type GroupBy = 'month' | 'year';

/**
 * Which tree a roll-up follows: the tree as it stood on each activity's date (the default), or
 * today's tree for every activity.
 */
export type Tree = 'dated' | 'current';

export interface ScopeFilter {
  /** The organisation asked about; every organisation when absent. */
  readonly organizationId?: string;
  /** Include the organisation's subtree (the default), or the organisation alone. */
  readonly subtree: boolean;
  readonly tree: Tree;
  /** Inclusive date bounds, `YYYY-MM-DD`. */
  readonly from?: string;
  readonly to?: string;
}

export interface Condition {
  readonly sql: string;
  readonly params: readonly unknown[];
}

export const FOREVER_TO = '9999-12-31';
export const ALL_PERIODS = 'all';

/**
 * The rows of fact table alias `t` (with organization_id and date) that a scope and period select.
 * Over a dated tree, a row counts under an ancestor when the ancestry held on the row's date.
 */
export function scopeCondition(filter: ScopeFilter, alias = 't'): Condition {
  const period = periodCondition(filter, alias);
  const organization = organizationCondition(filter, alias);
  return { sql: `${organization.sql} AND ${period.sql}`, params: [...organization.params, ...period.params] };
}

/** The rows of alias `t` dated within the inclusive period; an absent bound is open. */
export function periodCondition({ from, to }: Pick<ScopeFilter, 'from' | 'to'>, alias = 't'): Condition {
  return { sql: `${alias}.date >= ? AND ${alias}.date <= ?`, params: [from ?? '0000-01-01', to ?? FOREVER_TO] };
}

export function organizationCondition(filter: ScopeFilter, alias = 't'): Condition {
  const { organizationId } = filter;
  if (organizationId === undefined) return { sql: '1 = 1', params: [] };
  if (!filter.subtree) return { sql: `${alias}.organization_id = ?`, params: [organizationId] };
  if (filter.tree === 'current') return currentSubtree(organizationId, `${alias}.organization_id`);
  return {
    sql: `EXISTS (SELECT 1 FROM organization_ancestry a WHERE a.ancestor_id = ? AND a.organization_id = ${alias}.organization_id
                  AND a.valid_from <= ${alias}.date AND ${alias}.date < a.valid_to)`,
    params: [organizationId],
  };
}

/** `column` names an organisation in today's subtree of `organizationId`. */
export function currentSubtree(organizationId: string, column: string): Condition {
  return {
    sql: `${column} IN (SELECT organization_id FROM organization_ancestry WHERE ancestor_id = ? AND valid_to = '${FOREVER_TO}')`,
    params: [organizationId],
  };
}

export function periodOf(groupBy: GroupBy | undefined, column = 't.date'): string {
  if (groupBy === 'month') return `substr(${column}, 1, 7)`;
  if (groupBy === 'year') return `substr(${column}, 1, 4)`;
  return `'${ALL_PERIODS}'`;
}

export async function organizationExists(run: QueryRunner, organizationId: string): Promise<boolean> {
  return (await run('SELECT 1 AS found FROM organizations WHERE id = ?', [organizationId])).length > 0;
}

/** Rows grouped by period, each made into figures; periods sorted. */
export function byPeriod<F>(periods: Map<string, F>): Array<{ period: string } & F> {
  return [...periods.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([period, f]) => ({ period, ...f }));
}

export function round(n: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(n * factor) / factor;
}
