import { organizationSummary, OrganizationFigures } from './organization-summary.query';
import { QueryRunner, round, Tree } from './scope';

export interface TargetProgress {
  measure: string;
  period: string;
  target: number;
  actual: number;
  /** actual ÷ target, in percent, one decimal. */
  percentage: number;
}

/**
 * Progress against an organisation's targets for a year: each target's measure is the figure of
 * the same name in the organisation summary of its subtree over that year.
 */
export async function targetProgress(
  run: QueryRunner,
  filter: { organizationId: string; year: string; tree: Tree; regularMin: number },
): Promise<TargetProgress[]> {
  const targets = await run<{ measure: string; target: number }>(
    'SELECT measure, target FROM targets WHERE organization_id = ? AND period = ? ORDER BY measure',
    [filter.organizationId, filter.year],
  );
  if (targets.length === 0) return [];
  const summary = await organizationSummary(run, {
    organizationId: filter.organizationId,
    subtree: true,
    tree: filter.tree,
    from: `${filter.year}-01-01`,
    to: `${filter.year}-12-31`,
    regularMin: filter.regularMin,
  });
  return targets.map(({ measure, target }) => {
    const actual = Number(summary[measure as keyof OrganizationFigures] ?? 0);
    return { measure, period: filter.year, target: Number(target), actual, percentage: round((actual / Number(target)) * 100, 1) };
  });
}
