import { Migration, migrationStatements, pendingMigrations, REGISTRY_MIGRATIONS } from './migrations';

describe('read-model migrations', () => {
  const m = (version: number, extra: Partial<Migration> = {}): Migration => ({ version, name: `m${version}`, statements: [`-- ${version}`], ...extra });

  it('are the registry tables, then the rebuilding generation', () => {
    expect(REGISTRY_MIGRATIONS.map(({ version, name }) => [version, name])).toEqual([
      [1, 'projection generations'],
      [2, 'idempotency keys'],
      [3, 'rebuilding generation'],
    ]);
  });

  it('leaves out those applied, keeping version order', () => {
    expect(pendingMigrations([], [m(1), m(2), m(5)]).map((x) => x.version)).toEqual([1, 2, 5]);
    expect(pendingMigrations([1, 5], [m(1), m(2), m(5)]).map((x) => x.version)).toEqual([2]);
    expect(pendingMigrations([1, 2, 5, 9], [m(1), m(2), m(5)])).toEqual([]);
  });

  it('refuse a list whose versions do not strictly increase', () => {
    expect(() => pendingMigrations([], [m(1), m(1)])).toThrow(/strictly increasing/);
    expect(() => pendingMigrations([], [m(2), m(1)])).toThrow(/strictly increasing/);
    expect(() => pendingMigrations([], [m(1.5)])).toThrow(/strictly increasing/);
  });

  it("take a dialect's own statements only where one is given", () => {
    const both = m(1);
    const split = m(2, { dialects: { postgres: ['-- pg'] } });
    expect(migrationStatements(both, 'postgres')).toEqual(['-- 1']);
    expect(migrationStatements(split, 'postgres')).toEqual(['-- pg']);
    expect(migrationStatements(split, 'sqlite')).toEqual(['-- 2']);
  });
});
