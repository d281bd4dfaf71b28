import { OrganizationLevel } from '../../../domain/src/organization/organization.events';
import { currentSubtree, QueryRunner } from './scope';

export interface OrganizationNode {
  id: string;
  name: string;
  level: OrganizationLevel;
  parentId: string | null;
}

/**
 * The organisation tree as it stands today (each organisation's latest parent and name), the whole
 * of it or `under` and its subtree: parents before their children, siblings by name then id, so
 * that a client draws it in one pass.
 */
export async function organizationTree(run: QueryRunner, under?: string): Promise<OrganizationNode[]> {
  const subtree = under === undefined ? undefined : currentSubtree(under, 'o.id');
  const nodes = await run<OrganizationNode>(
    `SELECT o.id, o.name, o.level, o.parent_id AS "parentId" FROM organizations o ${subtree ? `WHERE ${subtree.sql}` : ''}`,
    subtree?.params ?? [],
  );
  return parentsFirst(nodes);
}

/** Depth first from the top of the answer: the roots, or `under` (whose parent is not in it). */
function parentsFirst(nodes: readonly OrganizationNode[]): OrganizationNode[] {
  const ids = new Set(nodes.map((node) => node.id));
  const children = new Map<string | null, OrganizationNode[]>();
  for (const node of nodes) {
    const parent = node.parentId !== null && ids.has(node.parentId) ? node.parentId : null;
    const siblings = children.get(parent);
    if (siblings) siblings.push(node);
    else children.set(parent, [node]);
  }
  const ordered: OrganizationNode[] = [];
  const visit = (parent: string | null) => {
    for (const node of (children.get(parent) ?? []).sort(byNameThenId)) {
      ordered.push(node);
      visit(node.id);
    }
  };
  visit(null);
  return ordered;
}

/** By code unit, as SQLite and a C-collated PostgreSQL sort: the same order on both read models. */
function byNameThenId(a: OrganizationNode, b: OrganizationNode): number {
  const compare = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return compare(a.name, b.name) || compare(a.id, b.id);
}
