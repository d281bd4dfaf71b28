import { randomBytes } from 'node:crypto';
import { ContactVault } from '../contact-vault.port';
import { rejection } from '../../../../test/support/rejection';

/** Where one test's vault lives (a file, a database): empty at first, removed after. */
export interface ContactVaultPlace {
  /** Opens a vault on this place; again (after close, or beside another) to see what a restart or another process sees. */
  open(masterKey: Buffer): Promise<ContactVault>;
  remove(): Promise<void>;
}

/** An adapter under test: makes a fresh place for each test. */
export interface ContactVaultAdapter {
  readonly name: string;
  fresh(): Promise<ContactVaultPlace>;
}

/**
 * The one contract every ContactVault adapter passes, unchanged. Each test starts on an empty place
 * of its own.
 */
export function describeContactVaultContract(adapter: ContactVaultAdapter): void {
  describe(`ContactVault contract: ${adapter.name}`, () => {
    let place: ContactVaultPlace | undefined;
    let vault: ContactVault;
    let opened: ContactVault[] = [];
    const masterKey = randomBytes(32);

    const open = async (key: Buffer = masterKey) => {
      const opening = await place!.open(key);
      opened.push(opening);
      return opening;
    };
    const reopen = async (closing: ContactVault, key: Buffer = masterKey) => {
      opened = opened.filter((v) => v !== closing);
      await closing.close();
      return open(key);
    };

    beforeEach(async () => {
      place = await adapter.fresh();
      vault = await open();
    });
    afterEach(async () => {
      for (const v of opened.splice(0)) await v.close();
      await place?.remove();
      place = undefined;
    });

    const AINO = { name: 'Aino Mäkelä', phone: '+358 40 123 4567' };
    const T1 = '2025-03-01T09:00:00.000Z';
    const T2 = '2025-03-02T10:30:00.000Z';
    const T3 = '2025-03-03T12:00:00.000Z';

    describe('keep and read', () => {
      it('gives the details back, with the owner and the time of keeping', async () => {
        expect(await vault.keep('p-1', 'org-a', AINO, T1)).toBe('kept');
        expect(await vault.read('p-1')).toEqual({ status: 'kept', participantId: 'p-1', organizationId: 'org-a', details: AINO, updatedAt: T1 });
      });

      it('gives details without a phone back without one', async () => {
        await vault.keep('p-1', 'org-a', { name: 'Ola' }, T1);
        const read = await vault.read('p-1');
        expect(read).toEqual({ status: 'kept', participantId: 'p-1', organizationId: 'org-a', details: { name: 'Ola' }, updatedAt: T1 });
        expect(read?.status === 'kept' && 'phone' in read.details).toBe(false);
      });

      it('keeps any text as given: empty, accents, emoji, quotes', async () => {
        const details = { name: 'Zoë "Z" Ó\'Brien 👩🏽‍🔧', phone: '' };
        await vault.keep('p-1', 'org-a', details, T1);
        expect(await vault.read('p-1')).toMatchObject({ details });
      });

      it('replaces the details with the latest, and the owner with the latest organisation', async () => {
        await vault.keep('p-1', 'org-a', AINO, T1);
        expect(await vault.keep('p-1', 'org-b', { name: 'Aino M.' }, T2)).toBe('kept');
        expect(await vault.read('p-1')).toEqual({ status: 'kept', participantId: 'p-1', organizationId: 'org-b', details: { name: 'Aino M.' }, updatedAt: T2 });
        expect(await vault.ownerOf('p-1')).toBe('org-b');
      });

      it('keeps people apart', async () => {
        await vault.keep('p-1', 'org-a', AINO, T1);
        await vault.keep('p-2', 'org-b', { name: 'Ola' }, T2);
        expect(await vault.read('p-1')).toMatchObject({ organizationId: 'org-a', details: AINO });
        expect(await vault.read('p-2')).toMatchObject({ organizationId: 'org-b', details: { name: 'Ola' } });
      });

      it('knows nothing of an id never kept nor forgotten', async () => {
        expect(await vault.read('p-unknown')).toBeUndefined();
        expect(await vault.ownerOf('p-unknown')).toBeUndefined();
      });

      it('tells the owner without decrypting', async () => {
        await vault.keep('p-1', 'org-a', AINO, T1);
        expect(await vault.ownerOf('p-1')).toBe('org-a');
        const otherKey = await open(randomBytes(32));
        expect(await otherKey.ownerOf('p-1')).toBe('org-a');
      });
    });

    describe('forget', () => {
      it('leaves only a tombstone with the time of forgetting', async () => {
        await vault.keep('p-1', 'org-a', AINO, T1);
        expect(await vault.forget('p-1', T2)).toEqual({ forgottenAt: T2 });
        expect(await vault.read('p-1')).toEqual({ status: 'forgotten', participantId: 'p-1', forgottenAt: T2 });
        expect(await vault.ownerOf('p-1')).toBeUndefined();
      });

      it('keeps the first time when forgetting again', async () => {
        await vault.keep('p-1', 'org-a', AINO, T1);
        await vault.forget('p-1', T2);
        expect(await vault.forget('p-1', T3)).toEqual({ forgottenAt: T2 });
        expect(await vault.read('p-1')).toEqual({ status: 'forgotten', participantId: 'p-1', forgottenAt: T2 });
      });

      it('stores nothing kept after forgetting, and says so', async () => {
        await vault.keep('p-1', 'org-a', AINO, T1);
        await vault.forget('p-1', T2);
        expect(await vault.keep('p-1', 'org-a', AINO, T3)).toBe('forgotten');
        expect(await vault.read('p-1')).toEqual({ status: 'forgotten', participantId: 'p-1', forgottenAt: T2 });
        expect(await vault.ownerOf('p-1')).toBeUndefined();
      });

      it('forgets a person nothing was kept for, who then cannot be kept', async () => {
        expect(await vault.forget('p-never', T1)).toEqual({ forgottenAt: T1 });
        expect(await vault.read('p-never')).toEqual({ status: 'forgotten', participantId: 'p-never', forgottenAt: T1 });
        expect(await vault.keep('p-never', 'org-a', AINO, T2)).toBe('forgotten');
      });

      it('forgets one person and leaves the others', async () => {
        await vault.keep('p-1', 'org-a', AINO, T1);
        await vault.keep('p-2', 'org-a', { name: 'Ola' }, T1);
        await vault.forget('p-1', T2);
        expect(await vault.read('p-2')).toMatchObject({ status: 'kept', details: { name: 'Ola' } });
      });

      it('tells which of some ids were forgotten', async () => {
        await vault.keep('p-1', 'org-a', AINO, T1);
        await vault.keep('p-2', 'org-a', AINO, T1);
        await vault.forget('p-2', T2);
        await vault.forget('p-3', T2);
        expect(await vault.forgottenAmong(['p-1', 'p-2', 'p-3', 'p-4', 'p-2'])).toEqual(new Set(['p-2', 'p-3']));
        expect(await vault.forgottenAmong([])).toEqual(new Set());
        expect(await vault.forgottenAmong(['p-1', 'p-unknown'])).toEqual(new Set());
      });

      it('answers for many ids at once', async () => {
        const ids = Array.from({ length: 2_500 }, (_, i) => `p-${i}`);
        for (const id of ['p-7', 'p-1999', 'p-2499']) await vault.forget(id, T1);
        expect(await vault.forgottenAmong(ids)).toEqual(new Set(['p-7', 'p-1999', 'p-2499']));
      });
    });

    describe('across instances and restarts', () => {
      it('keeps details and tombstones across close and reopen', async () => {
        await vault.keep('p-1', 'org-a', AINO, T1);
        await vault.keep('p-2', 'org-a', AINO, T1);
        await vault.forget('p-2', T2);
        const reopened = await reopen(vault);
        expect(await reopened.read('p-1')).toEqual({ status: 'kept', participantId: 'p-1', organizationId: 'org-a', details: AINO, updatedAt: T1 });
        expect(await reopened.read('p-2')).toEqual({ status: 'forgotten', participantId: 'p-2', forgottenAt: T2 });
      });

      it('sees at once a forget made by another instance', async () => {
        const other = await open();
        await vault.keep('p-1', 'org-a', AINO, T1);
        expect(await other.read('p-1')).toMatchObject({ status: 'kept', details: AINO });
        await other.forget('p-1', T2);
        expect(await vault.read('p-1')).toEqual({ status: 'forgotten', participantId: 'p-1', forgottenAt: T2 });
        expect(await vault.keep('p-1', 'org-a', AINO, T3)).toBe('forgotten');
        expect(await vault.forgottenAmong(['p-1'])).toEqual(new Set(['p-1']));
      });

      it('never leaves details behind a forget racing keeps in another instance', async () => {
        const other = await open();
        await vault.keep('p-1', 'org-a', AINO, T1);
        const keeps = Array.from({ length: 10 }, (_, i) => vault.keep('p-1', 'org-a', { name: `version ${i}` }, T2));
        const [forgotten] = await Promise.all([other.forget('p-1', T3), ...keeps]);
        expect(forgotten).toEqual({ forgottenAt: T3 });
        expect(await vault.read('p-1')).toEqual({ status: 'forgotten', participantId: 'p-1', forgottenAt: T3 });
        expect(await other.ownerOf('p-1')).toBeUndefined();
      });

      it('gives each of two instances keeping a new person at once one key that both can read', async () => {
        const other = await open();
        await Promise.all([vault.keep('p-1', 'org-a', AINO, T1), other.keep('p-1', 'org-a', { name: 'Ola' }, T2)]);
        const [a, b] = [await vault.read('p-1'), await other.read('p-1')];
        expect(a).toEqual(b);
        expect(a?.status).toBe('kept');
      });
    });

    describe('another master key', () => {
      // A vault opened with the wrong key throws ContactUnreadableError rather than answering
      // undefined: "nothing kept" would invite staff to keep the person again over their details.
      it('cannot read the details, and says the master key is not the one they were kept under', async () => {
        await vault.keep('p-1', 'org-a', AINO, T1);
        const wrong = await open(randomBytes(32));
        const error = await rejection(wrong.read('p-1'));
        expect(error.name).toBe('ContactUnreadableError');
        expect(error.message).toMatch(/^the contact details of participant p-1 cannot be decrypted: .*master key: LEDGER_VAULT_KEY/);
        expect(error.message).not.toContain('Aino');
      });

      it('refuses to replace the details rather than writing over them, and the right key still reads them', async () => {
        await vault.keep('p-1', 'org-a', AINO, T1);
        const wrong = await open(randomBytes(32));
        expect((await rejection(wrong.keep('p-1', 'org-b', { name: 'Ola' }, T2))).name).toBe('ContactUnreadableError');
        expect(await vault.read('p-1')).toEqual({ status: 'kept', participantId: 'p-1', organizationId: 'org-a', details: AINO, updatedAt: T1 });
      });

      it('still forgets, and still reads tombstones and people it keeps itself', async () => {
        await vault.keep('p-1', 'org-a', AINO, T1);
        const wrong = await reopen(vault, randomBytes(32));
        expect(await wrong.forget('p-1', T2)).toEqual({ forgottenAt: T2 });
        expect(await wrong.read('p-1')).toEqual({ status: 'forgotten', participantId: 'p-1', forgottenAt: T2 });
        await wrong.keep('p-2', 'org-a', { name: 'Ola' }, T2);
        expect(await wrong.read('p-2')).toMatchObject({ details: { name: 'Ola' } });
      });
    });
  });
}
