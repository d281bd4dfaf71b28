import { query } from './api/client';
import { OrganizationNode } from './api/types';
import { useApp } from './app-context';
import { todayInUnionTime } from './i18n/language';
import { lastYear, Period, periodFromParams, periodToParams } from './period';
import { navigate, Route } from './router';
import { useAnswer } from './use-answer';

/** The organisations the principal may see: its scope's subtree as it stands today. */
export function useOrganizations() {
  const { session } = useApp();
  const under = session.principal.organizationId;
  return useAnswer<{ organizations: OrganizationNode[] }>(`/organizations${query({ under })}`);
}

/**
 * The organisation and period a figures page shows, held in the page's address. Without a choice:
 * the principal's own organisation (or the tree's root) and the last full year, what reports are made of.
 */
export function useScope(route: Route, organizations: readonly OrganizationNode[]) {
  const { session } = useApp();
  const root = organizations.find((o) => o.parentId === null || !organizations.some((p) => p.id === o.parentId));
  const organizationId = route.params.get('org') ?? session.principal.organizationId ?? root?.id;
  const period = periodFromParams(route.params, lastYear(todayInUnionTime()));
  const go = (next: { organizationId?: string; period?: Period }) =>
    navigate(route.path, {
      ...Object.fromEntries(route.params),
      period: undefined,
      from: undefined,
      to: undefined,
      org: next.organizationId ?? organizationId,
      ...periodToParams(next.period ?? period),
    });
  const name = (id: string | undefined) => organizations.find((o) => o.id === id)?.name ?? id ?? '';
  return { organizationId, period, go, name };
}
