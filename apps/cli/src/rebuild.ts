import { LedgerClient, sleep } from './ledger-client';

interface Reproduced {
  readonly asRestated: unknown;
}

/** Each published report's figures as the serving generation gives them now. */
async function currentFigures(client: LedgerClient): Promise<Map<string, string>> {
  const reports = await client.get<Array<{ reportId: string }>>('/reports');
  const figures = new Map<string, string>();
  for (const { reportId } of reports) {
    const { asRestated } = await client.get<Reproduced>(`/reports/${encodeURIComponent(reportId)}/reproduce`);
    figures.set(reportId, JSON.stringify(asRestated));
  }
  return figures;
}

/**
 * `ledger rebuild <projection>`: rebuilds it from position 0 beside the live generation, waits until
 * the new one serves, and says which published reports' figures changed with the rebuild (normally
 * none: a difference means the old generation had drifted from its events, or the projection's code
 * changed what it counts).
 */
export async function runRebuild(client: LedgerClient, projection: string, print: (line: string) => void): Promise<void> {
  const before = await currentFigures(client);
  const { body } = await client.post<{ generation: number }>(`/admin/projections/${projection}/rebuild`, {});
  print(`rebuilding ${projection} into generation ${body.generation} ...`);
  for (;;) {
    const status = await client.get<{ projections: Array<{ name: string; generation: number; lag: number }> }>('/projections/status');
    const current = status.projections.find((p) => p.name === projection);
    if (current && current.generation >= body.generation) {
      print(`${projection} generation ${current.generation} serves now (lag ${current.lag})`);
      break;
    }
    await sleep(200);
  }
  const after = await currentFigures(client);
  const changed = [...before].filter(([reportId, figures]) => after.get(reportId) !== figures).map(([reportId]) => reportId);
  print(
    changed.length === 0
      ? `no published report's figures changed with the rebuild (${before.size} checked)`
      : `published reports whose figures changed with the rebuild: ${changed.join(', ')} (ledger reproduce <report> shows how)`,
  );
}
