import { hashDeviceCode } from '../device-code';
import { hashToken } from '../token';
import { AccessToken, DeviceCode, TokenRegistry } from '../token-registry.port';
import { rejectionMessage } from '../../../../test/support/rejection';

/** Where one test's registry lives (a file, a database): empty at first, removed after. */
export interface TokenRegistryPlace {
  /** Opens a registry on this place: again, beside an open one, to be a second API process; after close(), to be a restart. */
  open(): Promise<TokenRegistry>;
  remove(): Promise<void>;
}

/** An adapter as the contract meets it: a name for the test titles, and a fresh place per test. */
export interface TokenRegistryAdapter {
  readonly name: string;
  fresh(): Promise<TokenRegistryPlace>;
}

/**
 * The one contract every TokenRegistry adapter passes, unchanged. Comparisons are `toStrictEqual`:
 * an optional field never set must come back absent, not as a `null` or `undefined` key.
 */
export function describeTokenRegistryContract(adapter: TokenRegistryAdapter): void {
  describe(`TokenRegistry contract: ${adapter.name}`, () => {
    let place: TokenRegistryPlace | undefined;
    let registry: TokenRegistry;
    let opened: TokenRegistry[] = [];

    const open = async () => {
      const opening = await place!.open();
      opened.push(opening);
      return opening;
    };
    const close = async (closing: TokenRegistry) => {
      opened = opened.filter((r) => r !== closing);
      await closing.close();
    };

    beforeEach(async () => {
      place = await adapter.fresh();
      registry = await open();
    });
    afterEach(async () => {
      for (const r of opened.splice(0)) await r.close();
      await place?.remove();
      place = undefined;
    });

    const hashOf = (id: string) => hashToken(`ledger_secret-of-${id}`);

    /** Every optional field set, and text that a careless encoding would mangle. */
    const full: AccessToken = {
      id: 'tok-3f9a0c',
      role: 'admin',
      organizationId: 'haidian',
      label: "Haidian kiosk — Zhāng 张's desk ✓",
      createdAt: '2024-03-01T09:00:00.000Z',
      createdBy: 'usr-root',
      expiresAt: '2025-03-01T09:00:00.000Z',
      revokedAt: '2024-06-01T12:30:00.000Z',
    };
    /** No optional field, every organisation. */
    const bare: AccessToken = { id: 'tok-bare', role: 'auditor', organizationId: null, createdAt: '2024-03-02T10:00:00.000Z', createdBy: 'usr-admin' };
    const token = (id: string, createdAt: string, extra: Partial<AccessToken> = {}): AccessToken => ({
      id,
      role: 'staff',
      organizationId: 'chaowai',
      createdAt,
      createdBy: 'usr-admin',
      ...extra,
    });

    describe('register and find', () => {
      it('gives a token with every optional field back exactly, by hash and by id', async () => {
        expect(await registry.register(full, hashOf(full.id))).toBe(true);
        expect(await registry.findByHash(hashOf(full.id))).toStrictEqual(full);
        expect(await registry.find(full.id)).toStrictEqual(full);
      });

      it('gives a token without optional fields back without them, and a null organisation as null', async () => {
        expect(await registry.register(bare, hashOf(bare.id))).toBe(true);
        const found = await registry.findByHash(hashOf(bare.id));
        expect(found).toStrictEqual(bare);
        expect(Object.keys(found!).sort()).toEqual(['createdAt', 'createdBy', 'id', 'organizationId', 'role']);
        expect(found!.organizationId).toBeNull();
        expect(await registry.find(bare.id)).toStrictEqual(bare);
      });

      it('keeps each role', async () => {
        const roles = ['staff', 'analyst', 'auditor', 'admin'] as const;
        for (const role of roles) await registry.register(token(`tok-${role}`, '2024-01-01T00:00:00.000Z', { role }), hashOf(role));
        for (const role of roles) expect((await registry.findByHash(hashOf(role)))?.role).toBe(role);
      });

      it('finds nothing for an unknown hash or id', async () => {
        expect(await registry.findByHash(hashOf('nobody'))).toBeUndefined();
        expect(await registry.find('tok-nobody')).toBeUndefined();
        await registry.register(bare, hashOf(bare.id));
        expect(await registry.findByHash(hashOf('nobody'))).toBeUndefined();
        expect(await registry.find('tok-nobody')).toBeUndefined();
        expect(await registry.find(hashOf(bare.id))).toBeUndefined(); // a hash is not an id
        expect(await registry.findByHash(bare.id)).toBeUndefined();
      });

      it('finds expired and revoked tokens too: deciding what they may do is the caller’s', async () => {
        const expired = token('tok-expired', '2020-01-01T00:00:00.000Z', { expiresAt: '2020-02-01T00:00:00.000Z' });
        await registry.register(expired, hashOf(expired.id));
        await registry.register(full, hashOf(full.id));
        expect(await registry.findByHash(hashOf(expired.id))).toStrictEqual(expired);
        expect((await registry.findByHash(hashOf(full.id)))?.revokedAt).toBe(full.revokedAt);
      });

      it('refuses a taken id, changing nothing', async () => {
        await registry.register(bare, hashOf(bare.id));
        const impostor: AccessToken = { ...full, id: bare.id };
        expect(await registry.register(impostor, hashOf('another secret'))).toBe(false);
        expect(await registry.find(bare.id)).toStrictEqual(bare);
        expect(await registry.findByHash(hashOf('another secret'))).toBeUndefined();
        expect(await registry.list()).toStrictEqual([bare]);
      });

      it('refuses a taken hash, changing nothing', async () => {
        await registry.register(bare, hashOf(bare.id));
        expect(await registry.register(full, hashOf(bare.id))).toBe(false);
        expect(await registry.findByHash(hashOf(bare.id))).toStrictEqual(bare);
        expect(await registry.find(full.id)).toBeUndefined();
        expect(await registry.list()).toStrictEqual([bare]);
      });

      it('registers one of two racing registrations of one id, from two processes', async () => {
        const other = await open();
        const results = await Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            (i % 2 ? other : registry).register(token('tok-raced', `2024-01-0${i + 1}T00:00:00.000Z`), hashOf(`raced-${i}`)),
          ),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
        const kept = (await registry.list()).map((t) => t.createdAt);
        expect(kept).toEqual([`2024-01-0${results.indexOf(true) + 1}T00:00:00.000Z`]);
      });

      it('refuses, storing nothing, a hash that is not a SHA-256 hex digest: most likely the secret itself', async () => {
        const secret = 'ledger_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
        expect(await rejectionMessage(registry.register(bare, secret))).toMatch(/SHA-256/);
        expect(await rejectionMessage(registry.register(bare, hashOf(bare.id).toUpperCase()))).toMatch(/SHA-256/);
        expect(await rejectionMessage(registry.register({ ...bare, role: 'owner' as AccessToken['role'] }, hashOf(bare.id)))).toMatch(/role/);
        expect(await registry.list()).toStrictEqual([]);
      });
    });

    describe('list', () => {
      it('is empty at first', async () => {
        expect(await registry.list()).toStrictEqual([]);
      });

      it('gives every token oldest first, then by id, revoked and expired ones included', async () => {
        const tokens = [
          token('tok-c', '2024-02-01T00:00:00.000Z'),
          token('tok-b', '2024-01-01T00:00:00.000Z', { revokedAt: '2024-01-05T00:00:00.000Z' }),
          token('tok-a', '2024-02-01T00:00:00.000Z', { label: 'same time as tok-c' }),
          token('tok-Z', '2024-02-01T00:00:00.000Z'),
          token('tok-d', '2023-12-31T23:59:59.999Z', { expiresAt: '2024-01-01T00:00:00.000Z' }),
        ];
        for (const t of tokens) expect(await registry.register(t, hashOf(t.id))).toBe(true);
        // Code-point order for ties: 'Z' (0x5a) before 'a' (0x61), whatever the database's locale.
        expect((await registry.list()).map((t) => t.id)).toEqual(['tok-d', 'tok-b', 'tok-Z', 'tok-a', 'tok-c']);
        expect(await registry.list()).toStrictEqual([tokens[4], tokens[1], tokens[3], tokens[2], tokens[0]]);
      });
    });

    describe('revoke', () => {
      const at = '2024-04-01T08:00:00.000Z';

      it('marks the token revoked, and findByHash and find then show it', async () => {
        await registry.register(bare, hashOf(bare.id));
        expect(await registry.revoke(bare.id, at)).toStrictEqual({ ...bare, revokedAt: at });
        expect(await registry.findByHash(hashOf(bare.id))).toStrictEqual({ ...bare, revokedAt: at });
        expect(await registry.find(bare.id)).toStrictEqual({ ...bare, revokedAt: at });
        expect(await registry.list()).toStrictEqual([{ ...bare, revokedAt: at }]);
      });

      it('keeps the first time when a token is revoked again', async () => {
        await registry.register(bare, hashOf(bare.id));
        await registry.revoke(bare.id, at);
        expect(await registry.revoke(bare.id, '2024-05-01T00:00:00.000Z')).toStrictEqual({ ...bare, revokedAt: at });
        expect(await registry.revoke(bare.id, '2024-01-01T00:00:00.000Z')).toStrictEqual({ ...bare, revokedAt: at });
        expect(await registry.findByHash(hashOf(bare.id))).toStrictEqual({ ...bare, revokedAt: at });
        // A token registered as revoked keeps its time too.
        await registry.register(full, hashOf(full.id));
        expect((await registry.revoke(full.id, at))?.revokedAt).toBe(full.revokedAt);
      });

      it('keeps one time, the same for everyone, when two processes revoke at once', async () => {
        await registry.register(bare, hashOf(bare.id));
        const other = await open();
        const times = Array.from({ length: 6 }, (_, i) => `2024-04-0${i + 1}T00:00:00.000Z`);
        const answers = await Promise.all(times.map((time, i) => (i % 2 ? other : registry).revoke(bare.id, time)));
        const kept = answers[0]?.revokedAt;
        expect(times).toContain(kept);
        for (const answer of answers) expect(answer).toStrictEqual({ ...bare, revokedAt: kept });
        expect(await other.find(bare.id)).toStrictEqual({ ...bare, revokedAt: kept });
      });

      it('gives undefined for an unknown token, and creates nothing', async () => {
        expect(await registry.revoke('tok-nobody', at)).toBeUndefined();
        await registry.register(bare, hashOf(bare.id));
        expect(await registry.revoke('tok-nobody', at)).toBeUndefined();
        expect(await registry.list()).toStrictEqual([bare]);
      });

      it('touches only the token named', async () => {
        const other = token('tok-other', '2024-03-03T00:00:00.000Z');
        await registry.register(bare, hashOf(bare.id));
        await registry.register(other, hashOf(other.id));
        await registry.revoke(bare.id, at);
        expect(await registry.find(other.id)).toStrictEqual(other);
      });
    });

    describe('device codes', () => {
      const codeHash = (code: string) => hashDeviceCode(code)!;
      const issued: DeviceCode = {
        role: 'staff',
        organizationId: 'chaowai',
        label: 'Chaowai door tablet — 朝外 ✓',
        validForHours: 12,
        createdAt: '2024-03-01T09:00:00.000Z',
        createdBy: 'tok-admin',
        expiresAt: '2024-03-01T09:10:00.000Z',
      };
      /** No label; an analyst's, issued by the environment's admin. */
      const unlabelled: DeviceCode = {
        role: 'analyst',
        organizationId: 'haidian',
        validForHours: 168,
        createdAt: '2024-03-01T09:01:00.000Z',
        createdBy: 'env-bootstrap',
        expiresAt: '2024-03-01T09:11:00.000Z',
      };
      const before = '2024-03-01T09:05:00.000Z';

      it('redeems a code once, giving it back exactly with the time it was used; then never again', async () => {
        expect(await registry.registerDeviceCode(issued, codeHash('K7QM-4TZP'))).toBe(true);
        expect(await registry.redeemDeviceCode(codeHash('K7QM-4TZP'), before)).toStrictEqual({ ...issued, usedAt: before });
        expect(await registry.redeemDeviceCode(codeHash('K7QM-4TZP'), before)).toBeUndefined();
        expect(await registry.redeemDeviceCode(codeHash('K7QM-4TZP'), '2024-03-01T09:06:00.000Z')).toBeUndefined();
      });

      it('gives a code without a label back without one', async () => {
        await registry.registerDeviceCode(unlabelled, codeHash('AAAA-BBBB'));
        const redeemed = await registry.redeemDeviceCode(codeHash('AAAA-BBBB'), before);
        expect(redeemed).toStrictEqual({ ...unlabelled, usedAt: before });
        expect(Object.keys(redeemed!)).not.toContain('label');
      });

      it('redeems nothing from the instant the code expires, and leaves it as it was', async () => {
        await registry.registerDeviceCode(issued, codeHash('K7QM-4TZP'));
        expect(await registry.redeemDeviceCode(codeHash('K7QM-4TZP'), issued.expiresAt)).toBeUndefined();
        expect(await registry.redeemDeviceCode(codeHash('K7QM-4TZP'), '2024-03-02T00:00:00.000Z')).toBeUndefined();
        // Unchanged: a redemption before the expiry (a clock that lagged) still finds it unused.
        expect(await registry.redeemDeviceCode(codeHash('K7QM-4TZP'), '2024-03-01T09:09:59.999Z')).toStrictEqual({ ...issued, usedAt: '2024-03-01T09:09:59.999Z' });
      });

      it('redeems nothing for an unknown code, and touches only the code redeemed', async () => {
        expect(await registry.redeemDeviceCode(codeHash('ZZZZ-ZZZZ'), before)).toBeUndefined();
        await registry.registerDeviceCode(issued, codeHash('K7QM-4TZP'));
        await registry.registerDeviceCode(unlabelled, codeHash('AAAA-BBBB'));
        expect(await registry.redeemDeviceCode(codeHash('ZZZZ-ZZZZ'), before)).toBeUndefined();
        expect(await registry.redeemDeviceCode(codeHash('K7QM-4TZP'), before)).toBeDefined();
        expect(await registry.redeemDeviceCode(codeHash('AAAA-BBBB'), before)).toStrictEqual({ ...unlabelled, usedAt: before });
        // Codes are not tokens: neither list nor lookup sees them.
        expect(await registry.list()).toStrictEqual([]);
        expect(await registry.findByHash(codeHash('K7QM-4TZP'))).toBeUndefined();
      });

      it('refuses a taken hash, changing nothing', async () => {
        await registry.registerDeviceCode(issued, codeHash('K7QM-4TZP'));
        expect(await registry.registerDeviceCode(unlabelled, codeHash('K7QM-4TZP'))).toBe(false);
        expect(await registry.redeemDeviceCode(codeHash('K7QM-4TZP'), before)).toStrictEqual({ ...issued, usedAt: before });
      });

      it('refuses, storing nothing, a hash that is not a SHA-256 hex digest, an unknown role, or a lifetime that is not whole hours', async () => {
        expect(await rejectionMessage(registry.registerDeviceCode(issued, 'K7QM-4TZP'))).toMatch(/SHA-256/);
        expect(await rejectionMessage(registry.registerDeviceCode({ ...issued, role: 'owner' as DeviceCode['role'] }, codeHash('K7QM-4TZP')))).toMatch(/role/);
        expect(await rejectionMessage(registry.registerDeviceCode({ ...issued, validForHours: 0.5 }, codeHash('K7QM-4TZP')))).toMatch(/validForHours/);
        expect(await registry.redeemDeviceCode(codeHash('K7QM-4TZP'), before)).toBeUndefined();
      });

      it('gives a code to exactly one of many concurrent redemptions, from two processes', async () => {
        await registry.registerDeviceCode(issued, codeHash('K7QM-4TZP'));
        const other = await open();
        const answers = await Promise.all(
          Array.from({ length: 12 }, (_, i) => (i % 2 ? other : registry).redeemDeviceCode(codeHash('K7QM-4TZP'), `2024-03-01T09:05:${String(i).padStart(2, '0')}.000Z`)),
        );
        const winners = answers.filter((answer) => answer !== undefined);
        expect(winners).toHaveLength(1);
        expect(winners[0]).toStrictEqual({ ...issued, usedAt: `2024-03-01T09:05:${String(answers.indexOf(winners[0])).padStart(2, '0')}.000Z` });
      });

      it('keeps codes, and their use, across close and reopen', async () => {
        await registry.registerDeviceCode(issued, codeHash('K7QM-4TZP'));
        await registry.registerDeviceCode(unlabelled, codeHash('AAAA-BBBB'));
        await registry.redeemDeviceCode(codeHash('AAAA-BBBB'), before);
        await close(registry);
        const reopened = await open();
        expect(await reopened.redeemDeviceCode(codeHash('AAAA-BBBB'), before)).toBeUndefined();
        expect(await reopened.redeemDeviceCode(codeHash('K7QM-4TZP'), before)).toStrictEqual({ ...issued, usedAt: before });
      });
    });

    describe('shared by every process', () => {
      it('shows a revocation made through one registry at once through another opened on the same place', async () => {
        const second = await open();
        await registry.register(bare, hashOf(bare.id));
        // Read first, so a registry that cached what it read would be caught.
        expect(await second.findByHash(hashOf(bare.id))).toStrictEqual(bare);
        await registry.revoke(bare.id, '2024-04-01T08:00:00.000Z');
        expect(await second.findByHash(hashOf(bare.id))).toStrictEqual({ ...bare, revokedAt: '2024-04-01T08:00:00.000Z' });
        expect(await second.find(bare.id)).toStrictEqual({ ...bare, revokedAt: '2024-04-01T08:00:00.000Z' });
      });

      it('shows a registration made through one registry at once through another, and refuses its id there', async () => {
        const second = await open();
        await second.register(full, hashOf(full.id));
        expect(await registry.findByHash(hashOf(full.id))).toStrictEqual(full);
        expect(await registry.register({ ...bare, id: full.id }, hashOf(bare.id))).toBe(false);
        expect(await registry.register(bare, hashOf(full.id))).toBe(false);
      });

      it('keeps tokens and revocations across close and reopen', async () => {
        await registry.register(full, hashOf(full.id));
        await registry.register(bare, hashOf(bare.id));
        await registry.revoke(bare.id, '2024-04-01T08:00:00.000Z');
        await close(registry);
        const reopened = await open();
        expect(await reopened.list()).toStrictEqual([full, { ...bare, revokedAt: '2024-04-01T08:00:00.000Z' }]);
        expect(await reopened.findByHash(hashOf(full.id))).toStrictEqual(full);
        expect(await reopened.register(bare, hashOf('new secret'))).toBe(false);
      });

      it('opens again and again on the same place without harm, and closes twice without harm', async () => {
        await registry.register(bare, hashOf(bare.id));
        const [a, b] = await Promise.all([open(), open()]);
        expect(await a.list()).toStrictEqual([bare]);
        expect(await b.list()).toStrictEqual([bare]);
        await a.close();
        await a.close();
        expect(await registry.find(bare.id)).toStrictEqual(bare);
      });
    });
  });
}
