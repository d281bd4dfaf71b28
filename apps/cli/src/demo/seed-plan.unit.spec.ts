import { PlannedRequest, seedPlan } from './seed-plan';

/**
 * Who sends each request of the seed, and why a second run records nothing: its staff tokens are
 * new, so their Idempotency-Keys are new to the API, and only the domain can recognise a repeat.
 */
describe('the seed plan', () => {
  const requests: PlannedRequest[] = seedPlan().stages.flat();

  /** The routes only an admin may call: setting the ledger up. */
  const ADMIN_ROUTES = [/^\/organizations$/, /^\/brands$/, /^\/courses$/, /^\/courses\/[^/]+\/brand$/, /^\/targets$/, /^\/programme\/intakes$/];

  it('sets the ledger up with the admin token and nothing else', () => {
    for (const { path, sender } of requests) {
      expect({ path, role: sender.role }).toEqual({ path, role: ADMIN_ROUTES.some((route) => route.test(path)) ? 'admin' : 'staff' });
    }
  });

  it("records an organisation's activity with the staff of the organisation the body names", () => {
    for (const { path, body, sender } of requests) {
      if (sender.role !== 'staff' || typeof body.organizationId !== 'string') continue;
      expect({ path, staffOf: sender.organizationId }).toEqual({ path, staffOf: body.organizationId });
    }
  });

  it('needs one staff token for each organisation whose activity it records', () => {
    const staff = new Set(requests.flatMap(({ sender }) => (sender.role === 'staff' ? [sender.organizationId] : [])));
    // Courses, clinics, meals and members, the trip, cooling and feedback, and the federation's programme.
    expect([...staff].sort()).toEqual(['beijing', 'chaowai', 'fengtai', 'haidian', 'railway-maintenance', 'yuquanying']);
  });

  it('keeps its Idempotency-Keys unique and stable from run to run', () => {
    const keys = requests.map((r) => r.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(seedPlan().stages.flat().map((r) => r.key)).toEqual(keys);
  });

  it('gives every staff create its own id, so that a repeat by new staff tokens is recognised', () => {
    // The set-valued records (attendance, meal recipients, trip participants) add nobody twice;
    // an admission is once per application; everything else names the id it creates.
    const sets = [/\/attendances$/, /\/recipients$/, /\/participants$/, /\/admission$/];
    for (const { path, body, sender } of requests) {
      if (sender.role !== 'staff' || sets.some((route) => route.test(path))) continue;
      const id = body.id ?? body.workerId ?? body.applicantId;
      expect({ path, id: typeof id }).toEqual({ path, id: 'string' });
    }
  });
});
