import Database from 'better-sqlite3';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

/**
 * Storage, measured with every store closed (SQLite checkpoints the WAL into the database file
 * when its last connection closes, so the files are the data): the log's file, the read-model
 * directory's files, and inside each database the bytes of each table with its indexes (the
 * `dbstat` virtual table, which better-sqlite3 compiles in; page_count × page_size per file
 * otherwise), with the number of rows.
 */

export interface FileSize {
  readonly file: string;
  readonly bytes: number;
}

export interface TableSize {
  readonly database: string;
  readonly table: string;
  /** The table's pages and those of its indexes. */
  readonly bytes: number;
  readonly rows: number;
}

export interface StorageResults {
  readonly events: number;
  readonly log: { readonly files: FileSize[]; readonly bytes: number; readonly bytesPerEvent: number };
  readonly readModels: { readonly files: FileSize[]; readonly bytes: number; readonly bytesPerEvent: number };
  readonly tables: TableSize[];
  readonly method: 'dbstat' | 'page_count';
}

export function measureStorage(eventsFile: string, readModelDir: string, events: number): StorageResults {
  const logFiles = sizes(['', '-wal', '-shm'].map((suffix) => eventsFile + suffix));
  const readModelPaths = existsSync(readModelDir) ? readdirSync(readModelDir).sort().map((name) => join(readModelDir, name)) : [];
  const readModelFiles = sizes(readModelPaths);
  const databases = [eventsFile, ...readModelPaths.filter((file) => file.endsWith('.sqlite'))];
  let method: StorageResults['method'] = 'dbstat';
  const tables: TableSize[] = [];
  for (const file of databases) {
    const measured = tableSizes(file);
    if (measured.method === 'page_count') method = 'page_count';
    tables.push(...measured.tables);
  }
  const total = (files: FileSize[]) => files.reduce((sum, f) => sum + f.bytes, 0);
  return {
    events,
    log: { files: logFiles, bytes: total(logFiles), bytesPerEvent: total(logFiles) / events },
    readModels: { files: readModelFiles, bytes: total(readModelFiles), bytesPerEvent: total(readModelFiles) / events },
    tables: tables.sort((a, b) => b.bytes - a.bytes),
    method,
  };
}

function sizes(files: string[]): FileSize[] {
  return files.filter((file) => existsSync(file)).map((file) => ({ file: basename(file), bytes: statSync(file).size }));
}

function tableSizes(file: string): { tables: TableSize[]; method: StorageResults['method'] } {
  // Not readonly: a WAL database without its -shm file (removed at the last close) cannot be opened read-only.
  const db = new Database(file, { fileMustExist: true });
  try {
    const schema = db.prepare("SELECT type, name, tbl_name AS tableName FROM sqlite_master WHERE type IN ('table', 'index')").all() as Array<{
      type: string;
      name: string;
      tableName: string;
    }>;
    const tableOf = new Map(schema.map(({ name, tableName }) => [name, tableName]));
    const rows = (table: string) => Number((db.prepare(`SELECT count(*) AS n FROM "${table.replace(/"/g, '""')}"`).get() as { n: number }).n);
    const database = basename(file);
    let pages: Array<{ name: string; bytes: number }>;
    try {
      pages = db.prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name').all() as Array<{ name: string; bytes: number }>;
    } catch {
      const pageSize = db.pragma('page_size', { simple: true }) as number;
      const pageCount = db.pragma('page_count', { simple: true }) as number;
      return { tables: [{ database, table: '(whole file)', bytes: pageSize * pageCount, rows: 0 }], method: 'page_count' };
    }
    const byTable = new Map<string, number>();
    for (const { name, bytes } of pages) {
      const table = tableOf.get(name) ?? name;
      byTable.set(table, (byTable.get(table) ?? 0) + bytes);
    }
    return {
      tables: [...byTable].map(([table, bytes]) => ({
        database,
        table,
        bytes,
        rows: schema.some((s) => s.type === 'table' && s.name === table) ? rows(table) : 0,
      })),
      method: 'dbstat',
    };
  } finally {
    db.close();
  }
}
