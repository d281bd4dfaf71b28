import { OrganizationNode } from '../api/types';
import { Period } from '../period';
import { OrganizationTree } from './organization-tree';
import { PeriodPicker } from './period-picker';

/** The organisation tree and the period, side by side on a wide screen, stacked on a narrow one. */
export function ScopePanel({ organizations, organizationId, period, go }: {
  organizations: readonly OrganizationNode[];
  organizationId: string | undefined;
  period: Period;
  go: (next: { organizationId?: string; period?: Period }) => void;
}) {
  return (
    <aside class="scope-panel">
      <OrganizationTree organizations={organizations} selected={organizationId} onSelect={(id) => go({ organizationId: id })} />
      <PeriodPicker period={period} onChange={(next) => go({ period: next })} />
    </aside>
  );
}
