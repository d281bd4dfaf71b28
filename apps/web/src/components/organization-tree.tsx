import { useEffect, useMemo, useState } from 'preact/hooks';
import { OrganizationNode } from '../api/types';
import { useApp } from '../app-context';
import { MessageKey } from '../i18n/zh-CN';

/** The organisations under each parent, and the roots (those whose parent is not in the list). */
function childrenOf(organizations: readonly OrganizationNode[]): ReadonlyMap<string | null, readonly OrganizationNode[]> {
  const ids = new Set(organizations.map((o) => o.id));
  const children = new Map<string | null, OrganizationNode[]>();
  for (const organization of organizations) {
    const parent = organization.parentId !== null && ids.has(organization.parentId) ? organization.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), organization]);
  }
  return children;
}

/** The ids from a root down to `id`: the branches to open so that it shows. */
function lineageOf(organizations: readonly OrganizationNode[], id: string): string[] {
  const byId = new Map(organizations.map((o) => [o.id, o]));
  const lineage: string[] = [];
  for (let at = byId.get(id); at && !lineage.includes(at.id); at = at.parentId === null ? undefined : byId.get(at.parentId)) lineage.unshift(at.id);
  return lineage;
}

/**
 * The organisation tree, to open and close and to choose from. Each branch has a toggle button
 * (aria-expanded) and the organisation's own button (aria-current when chosen): all reachable by Tab.
 */
export function OrganizationTree({ organizations, selected, onSelect }: {
  organizations: readonly OrganizationNode[];
  selected: string | undefined;
  onSelect: (id: string) => void;
}) {
  const { texts } = useApp();
  const children = useMemo(() => childrenOf(organizations), [organizations]);
  const [open, setOpen] = useState<ReadonlySet<string>>(
    () => new Set([...(children.get(null) ?? []).map((o) => o.id), ...(selected ? lineageOf(organizations, selected) : [])]),
  );
  // A choice made elsewhere (a link, the address) opens the branches down to it.
  useEffect(() => {
    if (selected) setOpen((current) => new Set([...current, ...lineageOf(organizations, selected)]));
  }, [selected, organizations]);
  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const branch = (parent: string | null) => (
    <ul class={parent === null ? 'tree' : undefined}>
      {(children.get(parent) ?? []).map((organization) => {
        const below = children.get(organization.id) ?? [];
        const isOpen = open.has(organization.id);
        return (
          <li>
            {below.length > 0 ? (
              <button
                type="button"
                class="toggle"
                aria-expanded={isOpen}
                aria-label={texts.t(isOpen ? 'picker.collapse' : 'picker.expand', { name: organization.name })}
                onClick={() => toggle(organization.id)}
              >
                <span aria-hidden="true">{isOpen ? '▾' : '▸'}</span>
              </button>
            ) : (
              <span class="toggle-space" aria-hidden="true" />
            )}
            <button
              type="button"
              class="organization"
              aria-current={organization.id === selected ? 'true' : undefined}
              data-organization={organization.id}
              onClick={() => onSelect(organization.id)}
            >
              {organization.name}
              <span class="level">{texts.t(`level.${organization.level}` as MessageKey)}</span>
            </button>
            {below.length > 0 && isOpen && branch(organization.id)}
          </li>
        );
      })}
    </ul>
  );
  return (
    <nav class="organization-tree" aria-label={texts.t('picker.organizationTree')}>
      {branch(null)}
    </nav>
  );
}
