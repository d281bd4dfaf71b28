import { LedgerClient } from './ledger-client';

const SUMMARY_FIGURES = [
  'courseSessions',
  'attendances',
  'distinctParticipants',
  'regulars',
  'clinics',
  'workersServed',
  'meals',
  'membersJoined',
  'tripParticipants',
  'tripPersonDays',
  'programmeAdmissions',
] as const;

/** `ledger stats --organization <id>`: an organisation's participation figures, and its courses, as terminal tables. */
export async function printStats(
  client: LedgerClient,
  options: { organization: string; from?: string; to?: string; asOf?: string },
  table: (rows: object) => void,
  print: (line: string) => void,
): Promise<void> {
  const query = { from: options.from, to: options.to, asOf: options.asOf };
  const summary = await client.get<Record<string, unknown>>(`/projections/organizations/${encodeURIComponent(options.organization)}`, query);
  const period = options.from || options.to ? ` ${options.from ?? '…'} – ${options.to ?? '…'}` : '';
  print(`${options.organization}${period}${options.asOf ? ` as of ${options.asOf}` : ''}, with its subtree:`);
  table(Object.fromEntries(SUMMARY_FIGURES.filter((figure) => figure in summary).map((figure) => [figure, summary[figure]])));
  const courses = await client.get<Array<Record<string, unknown>>>('/projections/courses', { organizationId: options.organization, ...query });
  if (courses.length === 0) return;
  print('courses:');
  table(courses.map(({ courseId, sessions, attendances, distinctParticipants, regulars }) => ({ courseId, sessions, attendances, distinctParticipants, regulars })));
}
