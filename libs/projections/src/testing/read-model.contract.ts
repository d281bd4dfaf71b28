import { LogPosition } from '../../../event-store/src/position';
import { Migration, REGISTRY_MIGRATIONS } from '../migrations';
import { sql } from '../projection';
import { ReadThenWrite, SqlStatement, StoredResponse } from '../read-model.port';
import { ReadModelAdapter, ReadModelPlace, TestReadModelStore } from './read-model-adapters';
import { rejectionMessage } from '../../../../test/support/rejection';

/**
 * The one contract every ReadModelStore adapter passes, unchanged. Each test starts on an empty
 * place of its own (a directory, a database). The SQL here is what projections write: `?`
 * placeholders, unqualified names, portable to SQLite and PostgreSQL.
 */
export function describeReadModelContract(adapter: ReadModelAdapter): void {
  describe(`ReadModelStore contract: ${adapter.name}`, () => {
    let place: ReadModelPlace | undefined;
    let store: TestReadModelStore;
    let opened: TestReadModelStore[] = [];

    const open = async (migrations?: readonly Migration[]) => {
      const opening = await place!.open(migrations);
      opened.push(opening);
      return opening;
    };
    const close = async (closing: TestReadModelStore) => {
      opened = opened.filter((s) => s !== closing);
      await closing.close();
    };

    beforeEach(async () => {
      place = await adapter.fresh();
      store = await open();
    });
    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close();
      await place?.remove();
      place = undefined;
    });

    const NS = 'contract_g1';
    const DDL = [
      'CREATE TABLE IF NOT EXISTS items (id TEXT PRIMARY KEY, label TEXT, n INTEGER NOT NULL)',
      'CREATE INDEX IF NOT EXISTS items_by_n ON items (n)',
      'CREATE VIEW IF NOT EXISTS big_items (id, n) AS SELECT id, n FROM items WHERE n >= 10',
    ];
    const at = (commit: bigint, prepare = commit): LogPosition => ({ commit, prepare });
    const insert = (id: string, n: number, label: string | null = null): SqlStatement =>
      sql('INSERT INTO items (id, label, n) VALUES (?, ?, ?)', id, label, n);
    const items = (namespace = NS, from = store) =>
      from.query<{ id: string; n: number }>(namespace, 'SELECT id, n FROM items ORDER BY id', []);

    describe('namespaces', () => {
      it('creates a namespace, its tables, indexes and views, and does it again without harm', async () => {
        await store.ensureNamespace(NS, DDL);
        await store.ensureNamespace(NS, DDL);
        expect(await store.checkpoint(NS)).toBeUndefined();
        expect(await items()).toEqual([]);
        expect(await store.query(NS, 'SELECT id FROM big_items', [])).toEqual([]);
      });

      it('keeps namespaces apart, and drops one without touching the other', async () => {
        await store.ensureNamespace('contract_g1', DDL);
        await store.ensureNamespace('contract_g2', DDL);
        await store.applyBatch('contract_g1', [insert('a', 1)], at(5n));
        await store.applyBatch('contract_g2', [insert('b', 2)], at(7n));
        expect(await items('contract_g1')).toEqual([{ id: 'a', n: 1 }]);
        expect(await items('contract_g2')).toEqual([{ id: 'b', n: 2 }]);

        await store.dropNamespace('contract_g1');
        await store.dropNamespace('contract_g1'); // gone already: nothing to do
        await store.dropNamespace('contract_never');
        await store.ensureNamespace('contract_g1', DDL);
        expect(await items('contract_g1')).toEqual([]);
        expect(await store.checkpoint('contract_g1')).toBeUndefined();
        expect(await items('contract_g2')).toEqual([{ id: 'b', n: 2 }]);
        expect(await store.checkpoint('contract_g2')).toEqual(at(7n));
      });

      it('has no checkpoint in a namespace that does not exist, and asking does not create it', async () => {
        expect(await store.checkpoint('contract_never')).toBeUndefined();
        expect(await rejectionMessage(store.query('contract_never', 'SELECT position FROM checkpoint', []))).toMatch(/checkpoint/);
      });

      it('refuses names that are not namespaces', async () => {
        for (const bad of ['Bad-Name', '../registry', 'x; DROP TABLE items', '', '1abc']) {
          expect(await rejectionMessage(store.ensureNamespace(bad, DDL))).toMatch(/invalid read-model namespace/);
          expect(await rejectionMessage(store.dropNamespace(bad))).toMatch(/invalid read-model namespace/);
          expect(await rejectionMessage(store.query(bad, 'SELECT 1', []))).toMatch(/invalid read-model namespace/);
        }
      });
    });

    describe('applyBatch', () => {
      beforeEach(async () => {
        await store.ensureNamespace(NS, DDL);
      });

      it('applies the statements and moves the checkpoint', async () => {
        await store.applyBatch(NS, [insert('a', 1), insert('b', 20), sql('UPDATE items SET n = n + 1 WHERE id = ?', 'a')], at(10n));
        expect(await items()).toEqual([{ id: 'a', n: 2 }, { id: 'b', n: 20 }]);
        expect(await store.query(NS, 'SELECT id FROM big_items', [])).toEqual([{ id: 'b' }]);
        expect(await store.checkpoint(NS)).toEqual(at(10n));
        await store.applyBatch(NS, [], at(11n)); // events this projection ignores still move it
        expect(await store.checkpoint(NS)).toEqual(at(11n));
      });

      it('applies nothing of a batch whose statement fails: rows and checkpoint stay as they were', async () => {
        await store.applyBatch(NS, [insert('a', 1), insert('b', 2)], at(10n));
        const failing = [insert('c', 3), sql('UPDATE items SET n = 99 WHERE id = ?', 'a'), insert('a', 4), insert('d', 5)];
        expect(await rejectionMessage(store.applyBatch(NS, failing, at(20n)))).toMatch(/unique|duplicate key/i);
        expect(await items()).toEqual([{ id: 'a', n: 1 }, { id: 'b', n: 2 }]);
        expect(await store.checkpoint(NS)).toEqual(at(10n));

        // The store goes on working after the failure.
        await store.applyBatch(NS, [insert('c', 3)], at(20n));
        expect(await items()).toEqual([{ id: 'a', n: 1 }, { id: 'b', n: 2 }, { id: 'c', n: 3 }]);
        expect(await store.checkpoint(NS)).toEqual(at(20n));
      });

      it('applies nothing when the failure comes deep in a large batch, and all of a large batch that succeeds', async () => {
        await store.applyBatch(NS, [insert('keep', 1)], at(1n));
        const many = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => insert(`${prefix}${i}`, i));
        expect(await rejectionMessage(store.applyBatch(NS, [...many('x', 1500), insert('keep', 2), ...many('y', 500)], at(2n)))).toMatch(/unique|duplicate key/i);
        expect(await store.query(NS, 'SELECT count(*) AS n FROM items', [])).toEqual([{ n: 1 }]);
        expect(await store.checkpoint(NS)).toEqual(at(1n));

        await store.applyBatch(NS, many('z', 3000), at(3n));
        expect(await store.query(NS, 'SELECT count(*) AS n, sum(n) AS total FROM items', [])).toEqual([{ n: 3001, total: 1 + (2999 * 3000) / 2 }]);
        expect(await store.checkpoint(NS)).toEqual(at(3n));
      });

      it('refuses a statement whose parameters do not match its placeholders, applying nothing', async () => {
        expect(await rejectionMessage(store.applyBatch(NS, [insert('a', 1), sql('INSERT INTO items (id, n) VALUES (?, ?)', 'b')], at(1n)))).toMatch(/parameter/i);
        expect(await items()).toEqual([]);
        expect(await store.checkpoint(NS)).toBeUndefined();
      });

      it('runs a read-then-write step on what the batch wrote before it, and writes what it makes of the rows', async () => {
        await store.applyBatch(NS, [insert('a', 1)], at(10n));
        // Doubles every item into a new one: what it reads includes the batch's own insert of b.
        const doubled: ReadThenWrite = {
          reads: [sql('SELECT id, n FROM items WHERE n < ? ORDER BY id', 100), sql('SELECT count(*) AS total FROM items')],
          then: ([rows, [count]]) => [...rows.map((row) => insert(`${row.id}2`, Number(row.n) * 2)), insert(`count${Number(count.total)}`, 0)],
        };
        await store.applyBatch(NS, [insert('b', 20), doubled, sql('UPDATE items SET n = n + 1 WHERE id = ?', 'b2')], at(20n));
        expect(await items()).toEqual([
          { id: 'a', n: 1 }, { id: 'a2', n: 2 }, { id: 'b', n: 20 }, { id: 'b2', n: 41 }, { id: 'count2', n: 0 },
        ]);
        expect(await store.checkpoint(NS)).toEqual(at(20n));
      });

      it('applies nothing when a read-then-write step fails, in its reads, its code or its writes', async () => {
        await store.applyBatch(NS, [insert('a', 1)], at(10n));
        const failures: ReadThenWrite[] = [
          { reads: [sql('SELECT missing FROM items')], then: () => [] },
          { reads: [sql('SELECT id FROM items')], then: () => { throw new Error('the fold refused'); } },
          { reads: [sql('SELECT id FROM items')], then: () => [insert('a', 2)] },
        ];
        for (const failing of failures) {
          expect(await rejectionMessage(store.applyBatch(NS, [insert('b', 2), failing, insert('c', 3)], at(20n)))).toMatch(/missing|refused|unique|duplicate key/i);
          expect(await items()).toEqual([{ id: 'a', n: 1 }]);
          expect(await store.checkpoint(NS)).toEqual(at(10n));
        }
      });

      it('applies a batch written against the stored checkpoint, and none written against another', async () => {
        await store.applyBatch(NS, [insert('a', 1)], at(10n), { previous: undefined });
        await store.applyBatch(NS, [insert('b', 2)], at(20n), { previous: at(10n) });
        expect(await store.checkpoint(NS)).toEqual(at(20n));

        // A second writer still at 10 (it missed the batch to 20), and one that thinks nothing was applied.
        expect(await rejectionMessage(store.applyBatch(NS, [insert('c', 3)], at(20n), { previous: at(10n) }))).toMatch(/checkpoint .* moved/);
        expect(await rejectionMessage(store.applyBatch(NS, [insert('d', 4)], at(10n), { previous: undefined }))).toMatch(/checkpoint .* moved/);
        expect(await items()).toEqual([{ id: 'a', n: 1 }, { id: 'b', n: 2 }]);
        expect(await store.checkpoint(NS)).toEqual(at(20n));
      });

      it('applies exactly one of two batches that race from one checkpoint, from two processes', async () => {
        await store.applyBatch(NS, [insert('a', 1)], at(10n));
        const other = await open();
        const outcomes = await Promise.allSettled([
          store.applyBatch(NS, [sql('UPDATE items SET n = n + 1 WHERE id = ?', 'a')], at(20n), { previous: at(10n) }),
          other.applyBatch(NS, [sql('UPDATE items SET n = n + 1 WHERE id = ?', 'a')], at(20n), { previous: at(10n) }),
        ]);
        expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
        expect(await items()).toEqual([{ id: 'a', n: 2 }]);
      });

      it('keeps checkpoints of 64-bit positions exactly, with commit and prepare apart', async () => {
        const max63 = 2n ** 63n - 1n;
        const max64 = 2n ** 64n - 1n;
        for (const position of [at(0n), at(42n, 40n), at(max63), at(max63, max63 - 1n), at(max64), at(max64, 2n ** 53n + 1n)]) {
          await store.applyBatch(NS, [], position);
          expect(await store.checkpoint(NS)).toEqual(position);
        }
        await close(store);
        const reopened = await open();
        expect(await reopened.checkpoint(NS)).toEqual(at(max64, 2n ** 53n + 1n));
      });

      it('keeps rows and checkpoint across a restart', async () => {
        await store.applyBatch(NS, [insert('a', 1, 'first')], at(3n, 2n));
        await close(store);
        const reopened = await open();
        await reopened.ensureNamespace(NS, DDL);
        expect(await items(NS, reopened)).toEqual([{ id: 'a', n: 1 }]);
        expect(await reopened.checkpoint(NS)).toEqual(at(3n, 2n));
      });

      it('stores text with a NUL character without stopping the projection', async () => {
        await store.applyBatch(NS, [insert('a', 1, 'before\u0000after')], at(1n));
        expect(await store.checkpoint(NS)).toEqual(at(1n));
        const [row] = await store.query<{ label: string }>(NS, 'SELECT label FROM items', []);
        expect(row.label.startsWith('before')).toBe(true);
        expect(row.label.endsWith('after')).toBe(true);
      });
    });

    describe('query', () => {
      beforeEach(async () => {
        await store.ensureNamespace(NS, DDL);
        await store.applyBatch(NS, [insert('a', 1, "it's ?"), insert('b', 20, 'x'), insert('c', 30, 'x'), insert('d', 4)], at(1n));
      });

      it('binds ? placeholders in order, leaving ? inside string literals and quoted names alone', async () => {
        const rows = await store.query(
          NS,
          `SELECT count(*) AS n, sum(n) AS "totalOf?", '?' AS mark, 'it''s ?' AS quoted -- a comment?
           FROM items WHERE n >= ? AND label = ? /* or ? */`,
          [10, 'x'],
        );
        expect(rows).toEqual([{ n: 2, 'totalOf?': 50, mark: '?', quoted: "it's ?" }]);
        expect(await store.query(NS, 'SELECT id FROM items WHERE label = ?', ["it's ?"])).toEqual([{ id: 'a' }]);
      });

      it('gives counts, sums and integers as numbers, NULL as null, and camelCase aliases as written', async () => {
        const rows = await store.query(
          NS,
          'SELECT t.id AS "itemId", t.n, t.label, (SELECT count(DISTINCT label) FROM items) AS labels FROM items t WHERE t.id IN (?, ?) ORDER BY t.id',
          ['c', 'd'],
        );
        expect(rows).toEqual([
          { itemId: 'c', n: 30, label: 'x', labels: 2 },
          { itemId: 'd', n: 4, label: null, labels: 2 },
        ]);
      });

      it('answers many queries at once', async () => {
        const answers = await Promise.all(
          Array.from({ length: 30 }, (_, i) => store.query<{ n: number }>(NS, 'SELECT count(*) AS n FROM items WHERE n >= ?', [i])),
        );
        expect(answers.map(([row]) => row.n)).toEqual(Array.from({ length: 30 }, (_, i) => [1, 20, 30, 4].filter((n) => n >= i).length));
      });

      it('rejects a query that fails, and goes on answering', async () => {
        expect(await rejectionMessage(store.query(NS, 'SELECT missing FROM nowhere', []))).toMatch(/nowhere/);
        expect(await store.query(NS, 'SELECT count(*) AS n FROM items', [])).toEqual([{ n: 4 }]);
      });
    });

    describe('generations', () => {
      it('start at 1, per projection, and are kept across a restart', async () => {
        expect(await store.generations('things_v1')).toEqual({ active: 1 });
        expect(await store.requestRebuild('things_v1')).toEqual({ active: 1, rebuilding: 2 });
        expect(await store.completeRebuild('things_v1', 2)).toBe(true);
        expect(await store.generations('others_v3')).toEqual({ active: 1 });
        await close(store);
        const reopened = await open();
        expect(await reopened.generations('things_v1')).toEqual({ active: 2 });
        expect(await reopened.generations('others_v3')).toEqual({ active: 1 });
      });

      it('keep the rebuild first asked for when it is asked again, from any process', async () => {
        const other = await open();
        const asked = await Promise.all([store.requestRebuild('things_v1'), other.requestRebuild('things_v1')]);
        expect(asked).toEqual([{ active: 1, rebuilding: 2 }, { active: 1, rebuilding: 2 }]);
        expect(await other.generations('things_v1')).toEqual({ active: 1, rebuilding: 2 });
      });

      it('complete only the rebuild under way, once', async () => {
        expect(await store.completeRebuild('things_v1', 2)).toBe(false); // none asked for
        await store.requestRebuild('things_v1');
        expect(await store.completeRebuild('things_v1', 3)).toBe(false);
        expect(await store.completeRebuild('things_v1', 2)).toBe(true);
        expect(await store.completeRebuild('things_v1', 2)).toBe(false);
        expect(await store.generations('things_v1')).toEqual({ active: 2 });
        expect(await store.requestRebuild('things_v1')).toEqual({ active: 2, rebuilding: 3 });
      });
    });

    describe('idempotency responses', () => {
      const response = (n: number): StoredResponse => ({
        requestHash: `hash-${n}`,
        status: 201,
        body: { id: `thing-${n}`, nested: { list: [1, 'two', null], text: 'Zhāng 张 ✓' } },
      });

      it('finds nothing for an unknown key, then the answer saved, per scope', async () => {
        expect(await store.findResponse('POST /meals', 'k1')).toBeUndefined();
        await store.saveResponse('POST /meals', 'k1', response(1));
        expect(await store.findResponse('POST /meals', 'k1')).toEqual(response(1));
        expect(await store.findResponse('POST /clinics', 'k1')).toBeUndefined();
        await store.saveResponse('POST /clinics', 'k1', { requestHash: 'h', status: 200, body: null });
        expect(await store.findResponse('POST /clinics', 'k1')).toEqual({ requestHash: 'h', status: 200, body: null });
      });

      it('keeps the first answer when a key is saved again', async () => {
        await store.saveResponse('POST /meals', 'k1', response(1));
        await store.saveResponse('POST /meals', 'k1', response(2));
        expect(await store.findResponse('POST /meals', 'k1')).toEqual(response(1));
      });

      it('keeps one answer, the same for everyone, when requests with one key race', async () => {
        const answers = Array.from({ length: 8 }, (_, i) => response(i));
        await Promise.all(answers.map((answer) => store.saveResponse('POST /meals', 'raced', answer)));
        const kept = await store.findResponse('POST /meals', 'raced');
        expect(answers).toContainEqual(kept);
        await store.saveResponse('POST /meals', 'raced', response(99));
        expect(await store.findResponse('POST /meals', 'raced')).toEqual(kept);
      });
    });

    describe('migrations', () => {
      const probe = (version: number, statement: string): Migration => ({ version, name: `probe ${version}`, statements: [statement] });

      it('records each migration it applied, once, in version order', async () => {
        const applied = await store.appliedMigrations();
        expect(applied.map(({ version, name }) => ({ version, name }))).toEqual(
          REGISTRY_MIGRATIONS.map(({ version, name }) => ({ version, name })),
        );
        for (const { appliedAt } of applied) expect(new Date(appliedAt).toISOString()).toBe(appliedAt);
      });

      it('applies nothing new when opened again, or twice at once', async () => {
        const before = await store.appliedMigrations();
        const [second, third] = await Promise.all([open(), open()]);
        await close(store);
        const fourth = await open();
        for (const s of [second, third, fourth]) expect(await s.appliedMigrations()).toEqual(before);
      });

      it('applies only the migrations added since, and a failing one applies nothing', async () => {
        const before = await store.appliedMigrations();
        const failing = [...REGISTRY_MIGRATIONS, probe(1000, 'CREATE TABLE probe_a (id INTEGER PRIMARY KEY)'), probe(1001, 'CREATE TABLE probe_b (oops')];
        expect(await rejectionMessage(place!.open(failing))).toMatch(/probe_b|syntax|incomplete/i);
        expect(await store.appliedMigrations()).toEqual(before);

        const later = await open([...REGISTRY_MIGRATIONS, probe(1000, 'CREATE TABLE probe_a (id INTEGER PRIMARY KEY)')]);
        const after = await later.appliedMigrations();
        expect(after.slice(0, before.length)).toEqual(before);
        expect(after.slice(before.length).map(({ version, name }) => ({ version, name }))).toEqual([{ version: 1000, name: 'probe 1000' }]);
        // Code that knows fewer migrations still opens a registry that has more.
        expect(await (await open()).appliedMigrations()).toEqual(after);
      });
    });
  });
}
