import { LedgerApiError, LedgerClient } from '../ledger-client';
import { PlannedRequest, Sender, seedPlan } from './seed-plan';

const CONCURRENCY = 8;

export interface DemoReport {
  readonly requests: number;
  readonly recorded: number;
  readonly alreadyRecorded: number;
  /** The staff tokens this run issued, one per organisation whose activity it recorded, and revoked at its end (no secrets). */
  readonly staffTokens: ReadonlyArray<{ readonly id: string; readonly organizationId: string }>;
}

/**
 * Records the seed over HTTP, never by writing rows. `client` carries an admin token: with it the
 * demo sets the ledger up, and issues each organisation whose activity it records a staff token,
 * which then records that activity, as the union's own staff would. Each request carries a stable
 * Idempotency-Key, and the domain recognises a repeat of what it recorded before, so running the
 * demo twice records everything once (the second run issues new staff tokens, and nothing else).
 * The staff tokens are revoked once the seed is recorded: nobody else ever held them.
 */
export async function runDemo(client: LedgerClient, log: (line: string) => void = () => undefined): Promise<DemoReport> {
  await client.waitUntilReady();
  const plan = seedPlan();
  const staff = new Map<string, { id: string; client: LedgerClient }>();
  let recorded = 0;
  let alreadyRecorded = 0;
  let requests = 0;
  for (const stage of plan.stages) {
    // Issued as late as possible: a staff token names an organisation, registered in an earlier stage.
    for (const organizationId of staffOrganizations(stage)) {
      if (!staff.has(organizationId)) staff.set(organizationId, await issueStaffToken(client, organizationId));
    }
    const clientOf = (sender: Sender) => (sender.role === 'admin' ? client : staff.get(sender.organizationId)!.client);
    await inParallel(stage, CONCURRENCY, async (request: PlannedRequest) => {
      const { status, replayed } = await withAdminHint(request.sender, () => clientOf(request.sender).post(request.path, request.body, request.key));
      requests++;
      if (status === 201 && !replayed) recorded++;
      else alreadyRecorded++;
    });
    log(`  ${requests} requests sent`);
  }
  await client.waitForProjections();
  // The secrets die with this run: revoked, the tokens cannot outlive it, and stay listed as the events' actors.
  for (const { id } of staff.values()) await client.delete(`/admin/tokens/${encodeURIComponent(id)}`);
  return { requests, recorded, alreadyRecorded, staffTokens: [...staff].map(([organizationId, { id }]) => ({ id, organizationId })) };
}

function staffOrganizations(stage: readonly PlannedRequest[]): string[] {
  return [...new Set(stage.flatMap(({ sender }) => (sender.role === 'staff' ? [sender.organizationId] : [])))];
}

/** A new staff token for one organisation (and its subtree); sent without an Idempotency-Key: each run wants its own. */
async function issueStaffToken(admin: LedgerClient, organizationId: string): Promise<{ id: string; client: LedgerClient }> {
  const { body } = await withAdminHint({ role: 'admin' }, () =>
    admin.post<{ id: string; token: string }>('/admin/tokens', { role: 'staff', organizationId, label: `demo staff ${organizationId}` }),
  );
  return { id: body.id, client: admin.withToken(body.token) };
}

/** The admin's requests refused for want of a role say what the demo needs. */
async function withAdminHint<T>(sender: Sender, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (sender.role === 'admin' && error instanceof LedgerApiError && error.status === 403) {
      throw new Error(`the demo sets up the ledger and issues staff tokens, so it needs an admin token (LEDGER_TOKEN or --token): ${error.message}`);
    }
    throw error;
  }
}

async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
