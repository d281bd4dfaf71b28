import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { CopyLogResult } from '../../../libs/event-store/src/copy-log';
import { NdjsonLogSource, importNdjsonLog } from '../../../libs/event-store/src/ndjson-log';
import { openStore } from './copy-log';
import { LedgerClient } from './ledger-client';

export interface ExportCommand {
  /** Comma-separated event types. */
  readonly types?: string;
  readonly from?: string;
  readonly to?: string;
  readonly organization?: string;
  /** The file to write; standard output when absent. */
  readonly out?: string;
  /** A progress line each time this many more events have arrived. Default 10,000. */
  readonly progressEvery?: number;
}

/**
 * `ledger export`: streams the running API's GET /audit/export into a file or standard output,
 * as it arrives. A file is written under `<out>.partial` and renamed when the export is complete,
 * so a file of the given name is never a cut-off export. Answers how many events it holds.
 */
export async function runExport(client: LedgerClient, command: ExportCommand, print: (line: string) => void): Promise<number> {
  const url = new URL('/audit/export', client.baseUrl);
  const query = { types: command.types, from: command.from, to: command.to, organizationId: command.organization };
  for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, value);
  const response = await fetch(url);
  if (!response.ok || !response.body) {
    throw new Error(`GET ${url.pathname} answered ${response.status}: ${await response.text()}`);
  }

  const counter = eventCounter(progressPrinter(command.progressEvery ?? 10_000, print, 'exported'));
  const body = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
  if (command.out === undefined) {
    await pipeline(body, counter.stream, process.stdout as Writable, { end: false });
  } else {
    const partial = `${command.out}.partial`;
    await pipeline(body, counter.stream, createWriteStream(partial));
    await rename(partial, command.out);
  }
  print(`exported ${count(counter.events())} events${command.out === undefined ? '' : ` into ${command.out}`}`);
  return counter.events();
}

/**
 * `ledger import <file> --to <store>`: opens the store itself (no API involved) and appends the
 * export's events with their ids, revisions and metadata. Running it again finishes an interrupted
 * import; a store holding anything but a prefix of the export is refused before anything is appended.
 */
export async function runImport(
  file: string,
  command: { readonly to: string; readonly progressEvery?: number },
  print: (line: string) => void,
): Promise<CopyLogResult> {
  if (!existsSync(file)) throw new Error(`the export ${file} does not exist`);
  // A new ledger's data directory may not exist yet, e.g. `--to sqlite:./data/events.sqlite` on a fresh machine.
  if (command.to.startsWith('sqlite:')) mkdirSync(dirname(command.to.slice('sqlite:'.length)), { recursive: true });
  const source = NdjsonLogSource.ofFile(file);
  try {
    const target = openStore(command.to, 'target');
    try {
      print(`importing ${file} ...`);
      const printProgress = progressPrinter(command.progressEvery ?? 10_000, print, 'imported');
      const result = await importNdjsonLog(source, target, { onProgress: printProgress });
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

/** Prints when the count passes a multiple of `every`, and once the total (when known) is reached. */
function progressPrinter(every: number, print: (line: string) => void, verb: string) {
  let printed = 0;
  return (done: number, total?: number) => {
    if (Math.floor(done / every) === Math.floor(printed / every) && done !== total) return;
    printed = done;
    print(`${verb} ${count(done)}${total === undefined ? '' : ` of ${count(total)}`} events`);
  };
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
