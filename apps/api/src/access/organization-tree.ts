import { Injectable } from '@nestjs/common';
import { organizationDecider } from '../../../../libs/domain/src/organization/organization.decider';
import { OrganizationState } from '../../../../libs/domain/src/organization/organization.events';
import { CommandExecutor } from '../write/command-executor';
import { streams } from '../write/streams';

/** Deeper than any union's tree (federation, district, street, grassroots): a longer chain is a cycle. */
const MAX_DEPTH = 64;

/**
 * The organisation tree as it stands today, read from the organisations' own streams rather than a
 * projection: a district registered a moment ago is already an ancestor, and no projection lag can
 * grant or refuse access. A scope check reads one short stream per level.
 */
@Injectable()
export class OrganizationTree {
  constructor(private readonly executor: CommandExecutor) {}

  /** The organisation and its current ancestors, nearest first; undefined when it does not exist. */
  async lineage(organizationId: string): Promise<string[] | undefined> {
    const lineage: string[] = [];
    let current: string | null = organizationId;
    while (current !== null && lineage.length < MAX_DEPTH && !lineage.includes(current)) {
      const { state }: { state: OrganizationState } = await this.executor.load(streams.organization(current), organizationDecider);
      if (state.status !== 'registered') return lineage.length === 0 ? undefined : lineage;
      lineage.push(current);
      current = state.parentId;
    }
    return lineage;
  }
}
