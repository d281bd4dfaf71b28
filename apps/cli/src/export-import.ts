import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { CopyLogResult } from '../../../libs/event-store/src/copy-log';
import { NdjsonLogSource, importNdjsonLog } from '../../../libs/event-store/src/ndjson-log';
import { openStore } from './copy-log';
import { LedgerClient } from './ledger-client';
import { ProgressStream, progressReporter } from './progress';

export interface LongCommandOptions {
  /** Ctrl-C: the command stops cleanly, says what it left, and rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Where progress goes; standard error unless a test brings its own. */
  readonly progress?: ProgressStream;
}

export interface ExportCommand {
  /** Comma-separated event types. */
  readonly types?: string;
  readonly from?: string;
  readonly to?: string;
  readonly organization?: string;
  /** The file to write; standard output when absent. */
  readonly out?: string;
}

/**
 * `ledger export`: streams the running API's GET /audit/export into a file or standard output,
 * as it arrives. A file is written under `<out>.partial` and renamed when the export is complete,
 * so a file of the given name is never a cut-off export; when aborted, the `.partial` file is
 * removed too. Answers how many events the export holds.
 */
export async function runExport(
  client: LedgerClient,
  command: ExportCommand,
  print: (line: string) => void,
  options: LongCommandOptions = {},
): Promise<number> {
  const { signal } = options;
  const query = { types: command.types, from: command.from, to: command.to, organizationId: command.organization };
  // The API streams the export as it reads the log: how many events it will hold is not known beforehand.
  const progress = progressReporter({ label: 'exporting', unit: 'events', stream: options.progress });
  const counter = eventCounter((events) => progress.update(events));
  try {
    const response = await client.open('/audit/export', query, signal);
    if (!response.body) throw new Error(`GET /audit/export answered ${response.status} without a body`);
    const body = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
    if (command.out === undefined) {
      await pipeline(body, counter.stream, process.stdout as Writable, { end: false, signal });
    } else {
      await exportIntoFile(body, counter.stream, command.out, signal);
    }
  } catch (error) {
    progress.finish();
    if (signal?.aborted) {
      print(
        command.out === undefined
          ? 'interrupted: the export was stopped; what standard output received is a cut-off export'
          : `interrupted: the export was stopped and ${command.out}.partial removed; nothing was written to ${command.out}`,
      );
    }
    throw error;
  }
  progress.finish();
  print(`exported ${count(counter.events())} events${command.out === undefined ? '' : ` into ${command.out}`}`);
  return counter.events();
}

/** Writes `<out>.partial`, renamed to `out` once complete; removed if the export fails or is stopped. */
async function exportIntoFile(body: Readable, counter: Transform, out: string, signal: AbortSignal | undefined): Promise<void> {
  const partial = `${out}.partial`;
  try {
    await pipeline(body, counter, createWriteStream(partial), { signal });
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  await rename(partial, out);
}

/**
 * `ledger import <file> --to <store>`: opens the store itself (no API involved) and appends the
 * export's events with their ids, revisions and metadata. Running it again finishes an interrupted
 * import; a store holding anything but a prefix of the export is refused before anything is appended.
 * When aborted, it stops after the append under way, so the store holds a prefix of the export.
 */
export async function runImport(
  file: string,
  command: { readonly to: string },
  print: (line: string) => void,
  options: LongCommandOptions = {},
): Promise<CopyLogResult> {
  const { signal } = options;
  if (!existsSync(file)) throw new Error(`the export ${file} does not exist`);
  // A new ledger's data directory may not exist yet, e.g. `--to sqlite:./data/events.sqlite` on a fresh machine.
  if (command.to.startsWith('sqlite:')) mkdirSync(dirname(command.to.slice('sqlite:'.length)), { recursive: true });
  const source = NdjsonLogSource.ofFile(file);
  try {
    const target = openStore(command.to, 'target');
    try {
      print(`importing ${file} ...`);
      const progress = progressReporter({ label: 'importing', unit: 'events', stream: options.progress });
      let appended = 0;
      let result: CopyLogResult;
      try {
        signal?.throwIfAborted();
        result = await importNdjsonLog(source, target, {
          // copyLog takes no signal, but calls this after each append: throwing here stops it between two appends.
          onProgress: (copied, total) => {
            appended = copied;
            progress.update(copied, total);
            signal?.throwIfAborted();
          },
        });
      } catch (error) {
        progress.finish();
        if (signal?.aborted) {
          print(
            `interrupted after ${count(appended)} events were appended: the store holds the start of the export, ` +
              'nothing half-written; run the same import again to finish it',
          );
        }
        throw error;
      }
      progress.finish();
      print(`imported ${count(result.copied)} events (${count(result.alreadyPresent)} were already in the store)`);
      return result;
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

/** Passes the bytes on and counts the event lines in them: every newline but the header's. */
function eventCounter(onCount: (events: number) => void) {
  let newlines = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, at + 1)) {
        newlines++;
        if (newlines > 1) onCount(newlines - 1);
      }
      done(null, chunk);
    },
  });
  return { stream, events: () => Math.max(0, newlines - 1) };
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
