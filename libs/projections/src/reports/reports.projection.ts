import { StoredEvent } from '../../../event-store/src/event-store.port';
import { encodePosition } from '../../../event-store/src/position';
import { PureProjection, sql } from '../projection';

/** The published reports, to list them: the figures and receipts stay in their events. */
export const reportsProjection: PureProjection = {
  name: 'reports_v1',
  ddl: [
    `CREATE TABLE IF NOT EXISTS reports (
       report_id TEXT PRIMARY KEY, title TEXT NOT NULL, query TEXT NOT NULL, parameters TEXT NOT NULL,
       receipt_position TEXT NOT NULL, published_at TEXT NOT NULL, published_by TEXT NOT NULL, event_position TEXT NOT NULL)`,
  ],
  project(event: StoredEvent) {
    if (event.type !== 'ReportPublished') return [];
    const { reportId, title, query, parameters, receipt } = event.data as {
      reportId: string;
      title: string;
      query: string;
      parameters: Record<string, string>;
      receipt: { position: string };
    };
    return [
      sql(
        `INSERT INTO reports (report_id, title, query, parameters, receipt_position, published_at, published_by, event_position)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (report_id) DO NOTHING`,
        reportId,
        title,
        query,
        JSON.stringify(parameters),
        receipt.position,
        event.metadata.recordedAt,
        event.metadata.actor,
        encodePosition(event.position),
      ),
    ];
  },
};

export interface ListedReport {
  readonly reportId: string;
  readonly title: string;
  readonly query: string;
  readonly parameters: Record<string, string>;
  readonly position: string;
  readonly publishedAt: string;
  readonly publishedBy: string;
}

/** Every published report, in the order they were published. */
export async function listReports(read: <Row>(sql: string, params: readonly unknown[]) => Promise<Row[]>): Promise<ListedReport[]> {
  const rows = await read<Omit<ListedReport, 'parameters'> & { parameters: string }>(
    `SELECT report_id AS "reportId", title, query, parameters, receipt_position AS "position", published_at AS "publishedAt",
            published_by AS "publishedBy"
     FROM reports ORDER BY published_at, report_id`,
    [],
  );
  return rows.map((row) => ({ ...row, parameters: JSON.parse(row.parameters) as Record<string, string> }));
}
