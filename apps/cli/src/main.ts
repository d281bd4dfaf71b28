#!/usr/bin/env node
import { Command, Option } from 'commander';
import { untilCtrlC } from './interrupt';
import { LedgerApiError, LedgerClient } from './ledger-client';
import { tokenCommand } from './token-commands';

// Each command loads its own module when it runs (`await import`): together they load the store
// adapters, NestJS and the gRPC client, a quarter of a second that `--help` or a short verify need not pay.

const DEFAULT_URL = process.env.LEDGER_URL ?? 'http://localhost:3000';

const program = new Command()
  .name('ledger')
  .description(
    'activity-ledger command-line tool: talks to a running ledger API (LEDGER_URL) with a bearer token (LEDGER_TOKEN); ' +
      'copy-log, import, replay and verify --store open the stores directly and need no token',
  )
  .option('--url <url>', 'the ledger API', DEFAULT_URL)
  .addOption(
    // .env() rather than a default: --help shows where it comes from, never the secret itself.
    new Option('--token <token>', 'the bearer token every command that talks to the API sends (prefer the environment: a command line shows in ps and shell history)').env(
      'LEDGER_TOKEN',
    ),
  );

/** The API, asked with the caller's token; commands that open the stores directly never call this. */
function client(): LedgerClient {
  const { url, token } = program.opts<{ url: string; token?: string }>();
  if (token === undefined || token.trim() === '') {
    throw new Error(
      `this command talks to the ledger API at ${url} and needs a token: ` +
        'set LEDGER_TOKEN or pass --token (the API printed a bootstrap admin token on its first start; see README)',
    );
  }
  return new LedgerClient(url, { token: token.trim() });
}

program
  .command('demo')
  .description(
    "record the seed's 2024 activity over HTTP and print the figures the projections give: with an admin token, " +
      "it sets up the organisations and catalogue, then records each organisation's activity with a staff token it issues for it",
  )
  .action(async () => {
    const ledger = client();
    console.log(`recording the seed into ${ledger.baseUrl} ...`);
    const { runDemo } = await import('./demo/run-demo');
    const report = await runDemo(ledger, console.log);
    console.log(`${report.requests} requests: ${report.recorded} recorded, ${report.alreadyRecorded} already recorded`);
    const summary = await ledger.get<Record<string, unknown>>('/projections/organizations/beijing', { from: '2024-01-01', to: '2024-12-31' });
    const courses = await ledger.get<Array<Record<string, unknown>>>('/projections/courses', { organizationId: 'chaowai', from: '2024-01-01', to: '2024-12-31' });
    console.log('\nBeijing federation, 2024:');
    console.table(flatten(summary));
    console.log('Chaowai street union courses, 2024:');
    console.table(courses.map(({ courseId, sessions, attendances, distinctParticipants, averageAttendance, regulars }) => ({ courseId, sessions, attendances, distinctParticipants, averageAttendance, regulars })));
    console.log('Staff tokens this run issued and revoked at its end, one per organisation whose activity it recorded (the events name them as actor):');
    for (const { id, organizationId } of report.staffTokens) console.log(`  ${id}  staff of ${organizationId}`);
  });

program
  .command('status')
  .description("each projection's checkpoint and lag, and the log's head position")
  .action(async () => console.log(JSON.stringify(await client().get('/projections/status'), null, 2)));

program
  .command('rebuild')
  .argument('<projection>', 'e.g. participation_v6')
  .description(
    'rebuild a projection from position 0 while the API keeps serving, wait until it is swapped in, ' +
      "and say which published reports' figures changed with it",
  )
  .action(async (projection: string) => (await import('./rebuild')).runRebuild(client(), projection, console.log));

program
  .command('copy-log')
  .description(
    'copy the whole event log from one store into another, e.g. the embedded log into EventStoreDB; ' +
      'run it again to finish an interrupted copy (it copies only what the target lacks)',
  )
  .requiredOption('--from <store>', 'the store to read (stop the API that writes it first): sqlite:<path>, esdb://... or esdb+discover://...')
  .requiredOption('--to <store>', 'the store to fill, in the same forms: empty, or filled by earlier copies of the same source')
  .action(async (options: { from: string; to: string }) => {
    const { runCopyLog } = await import('./copy-log');
    await runCopyLog(options, console.log);
  });

program
  .command('digest')
  .description('print the audit chain head {position, hash, eventCount} as JSON: keep it outside the ledger')
  .action(async () => (await import('./audit-commands')).printDigest(client(), console.log));

program
  .command('verify')
  .description(
    'replay the log against its sealed hash chain (and a saved digest); exit 1 if anything was altered. ' +
      'Asks the API, or with --store and --read-models opens the stores directly',
  )
  .option('--digest <file>', 'a digest saved earlier with `ledger digest > file`')
  .option('--store <store>', 'verify this log directly, without the API: sqlite:<path>, esdb://... or esdb+discover://...')
  .option('--read-models <read-models>', "with --store: the read models holding the log's sealed chain: sqlite:<directory> or postgres://...")
  .action(async (options: { digest?: string; store?: string; readModels?: string }) => {
    const { store, readModels, digest } = options;
    const { verify, verifyStores } = await import('./audit-commands');
    if (store === undefined && readModels === undefined) {
      process.exitCode = await verify(client(), digest, console.log);
      return;
    }
    if (store === undefined || readModels === undefined) throw new Error('--store and --read-models go together: the sealed chain is in the read models');
    process.exitCode = await untilCtrlC((signal) => verifyStores({ store, readModels, digest }, console.log, { signal }));
  });

program
  .command('export')
  .description(
    'stream the log, or a slice of it, as NDJSON from the API (GET /audit/export) to standard output or a file; ' +
      'progress goes to standard error',
  )
  .option('--types <types>', 'only these event types, comma-separated, e.g. ClinicHeld,ClinicCorrected')
  .option('--from <date>', 'only events recorded on or after this day (YYYY-MM-DD, UTC)')
  .option('--to <date>', 'only events recorded on or before this day (YYYY-MM-DD, UTC)')
  .option('--organization <id>', "only the streams of this organisation's subtree (every organisation ever under it)")
  .option('--out <file>', 'write here (renamed into place once complete) instead of standard output')
  .action(async (options: { types?: string; from?: string; to?: string; organization?: string; out?: string }) => {
    const { runExport } = await import('./export-import');
    process.exitCode = await untilCtrlC(async (signal) => {
      await runExport(client(), options, console.error, { signal });
      return 0;
    });
  });

program
  .command('import')
  .description(
    'append an unfiltered export to a store, opened directly (no API), every event with its id, revision and metadata; ' +
      'run it again to finish an interrupted import',
  )
  .argument('<file>', 'an export written by `ledger export`')
  .requiredOption('--to <store>', 'the store to fill (stop any API that writes it): sqlite:<path>, esdb://... or esdb+discover://...; empty, or filled by an earlier import of the same export')
  .action(async (file: string, options: { to: string }) => {
    const { runImport } = await import('./export-import');
    process.exitCode = await untilCtrlC(async (signal) => {
      await runImport(file, options, console.error, { signal });
      return 0;
    });
  });

program
  .command('replay')
  .description(
    'rebuild projections from position 0 into a namespace beside the live one, up to the live checkpoint, ' +
      'and compare them table by table; exit 0 when identical, 1 otherwise (opens the stores directly, no API)',
  )
  .requiredOption('--store <store>', 'the log: sqlite:<path>, esdb://... or esdb+discover://...')
  .requiredOption('--read-models <read-models>', 'the live read models: sqlite:<directory> or postgres://...')
  .option('--projection <name>', 'only this projection, e.g. participation_v6')
  .action(async (options: { store: string; readModels: string; projection?: string }) => {
    const { runReplayCommand } = await import('./replay');
    process.exitCode = await runReplayCommand(options, console.log);
  });

program.addCommand(tokenCommand(client));

program
  .command('reproduce')
  .argument('<report>', 'the id of a published report')
  .description('recompute a published report at its receipt position and show it beside the report now; exit 1 if not reproduced')
  .action(async (reportId: string) => {
    const { reproduce } = await import('./audit-commands');
    process.exitCode = await reproduce(client(), reportId, console.log);
  });

program
  .command('stats')
  .description("an organisation's participation figures (with its subtree) and its courses, as tables")
  .requiredOption('--organization <id>', 'whose figures, e.g. beijing')
  .option('--from <date>', 'first day of the period (YYYY-MM-DD)')
  .option('--to <date>', 'last day of the period (YYYY-MM-DD)')
  .option('--as-of <position-or-instant>', 'as the ledger stood at a log position or an ISO-8601 instant')
  .action(async (options: { organization: string; from?: string; to?: string; asOf?: string }) => {
    const { printStats } = await import('./stats');
    await printStats(client(), options, console.table, console.log);
  });

/** `{membersByChannel: {online: 3}}` → `{'membersByChannel.online': 3}`, for a two-column table. */
function flatten(value: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(value).flatMap(([key, inner]) =>
      inner !== null && typeof inner === 'object' && !Array.isArray(inner)
        ? Object.entries(flatten(inner as Record<string, unknown>, `${prefix}${key}.`))
        : [[`${prefix}${key}`, inner]],
    ),
  );
}

/** What to do about a refusal, after the API's own words. */
function hint(error: LedgerApiError): string | undefined {
  if (error.status === 401) return 'the API did not accept the token (none, unknown, expired or revoked): check LEDGER_TOKEN or --token';
  if (error.status === 403) return "the token's role or organisation scope does not cover this request: an admin issues one that does (`ledger token issue`)";
  return undefined;
}

program.parseAsync().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  const help = error instanceof LedgerApiError ? hint(error) : undefined;
  if (help) console.error(help);
  process.exit(1);
});
