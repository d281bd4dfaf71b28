import { toPostgresDdl, toPostgresParameter, toPostgresPlaceholders } from './postgres-dialect';

describe('SQL for PostgreSQL', () => {
  it.each([
    ['SELECT 1', 'SELECT 1', 0],
    ['SELECT * FROM t WHERE a = ? AND b = ?', 'SELECT * FROM t WHERE a = $1 AND b = $2', 2],
    ["SELECT '?', 'it''s ?', ? FROM t", "SELECT '?', 'it''s ?', $1 FROM t", 1],
    ['SELECT a AS "why?", ? FROM t', 'SELECT a AS "why?", $1 FROM t', 1],
    ['SELECT ? -- and ?\n, ?', 'SELECT $1 -- and ?\n, $2', 2],
    ['SELECT ? /* ? */ , ?', 'SELECT $1 /* ? */ , $2', 2],
    ['SELECT ? -- ? to the end', 'SELECT $1 -- ? to the end', 1],
    ['VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', 'VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)', 11],
  ])('numbers the placeholders of %p', (sql, text, parameters) => {
    expect(toPostgresPlaceholders(sql)).toEqual({ text, parameters });
  });

  it('converts each SQL text once', () => {
    const sql = 'UPDATE t SET a = ? WHERE id = ?';
    expect(toPostgresPlaceholders(sql)).toBe(toPostgresPlaceholders(sql));
  });

  it('makes CREATE VIEW IF NOT EXISTS, which PostgreSQL lacks, CREATE OR REPLACE VIEW, and leaves the rest', () => {
    expect(toPostgresDdl('CREATE VIEW IF NOT EXISTS v (a) AS SELECT 1')).toBe('CREATE OR REPLACE VIEW v (a) AS SELECT 1');
    expect(toPostgresDdl('\n  create view  if not exists v AS SELECT 1')).toBe('CREATE OR REPLACE VIEW v AS SELECT 1');
    for (const same of ['CREATE TABLE IF NOT EXISTS t (a TEXT)', 'CREATE INDEX IF NOT EXISTS i ON t (a)', 'CREATE VIEW v AS SELECT 1']) {
      expect(toPostgresDdl(same)).toBe(same);
    }
  });

  it('drops SQLite’s WITHOUT ROWID, which PostgreSQL has no use for', () => {
    expect(toPostgresDdl('CREATE TABLE IF NOT EXISTS t (a TEXT, PRIMARY KEY (a)) WITHOUT ROWID')).toBe('CREATE TABLE IF NOT EXISTS t (a TEXT, PRIMARY KEY (a))');
    expect(toPostgresDdl('CREATE TABLE t (a TEXT) without  rowid\n')).toBe('CREATE TABLE t (a TEXT)');
  });

  it('replaces NUL, which PostgreSQL text cannot hold, and passes every other value as it is', () => {
    expect(toPostgresParameter('a\u0000b\u0000')).toBe('a\uFFFDb\uFFFD');
    for (const value of ['plain', 42, null, undefined, 'Zhāng 张']) expect(toPostgresParameter(value)).toBe(value);
  });
});
