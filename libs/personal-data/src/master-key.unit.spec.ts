import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs, { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { transpileModule } from 'typescript';
import { masterKeyFrom, VAULT_KEY_ENV } from './master-key';
import { thrown } from '../../../test/support/rejection';

describe('masterKeyFrom', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-vault-key-'));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  describe(`from ${VAULT_KEY_ENV}`, () => {
    it('decodes the base64 of 32 bytes, and then never touches the key file', () => {
      const key = randomBytes(32);
      const keyFile = join(dir, 'vault.key');
      expect(masterKeyFrom({ env: key.toString('base64'), keyFile }).equals(key)).toBe(true);
      expect(masterKeyFrom({ env: ` ${key.toString('base64')}\n` }).equals(key)).toBe(true);
      expect(masterKeyFrom({ env: key.toString('base64').replace(/=+$/, '') }).equals(key)).toBe(true);
      expect(readdirSync(dir)).toEqual([]);
    });

    it.each([
      ['empty', ''],
      ['too short', randomBytes(31).toString('base64')],
      ['too long', randomBytes(33).toString('base64')],
      ['hex', randomBytes(32).toString('hex')],
      ['base64url', Buffer.alloc(32, 0xfb).toString('base64url')],
      ['not base64', `${randomBytes(32).toString('base64').slice(0, 40)}*!*=`],
      ['non-canonical padding bits', `${randomBytes(32).toString('base64').slice(0, 42)}B=`],
    ])('refuses a value that is %s, naming LEDGER_VAULT_KEY and not echoing it', (_, env) => {
      const error = thrown(() => masterKeyFrom({ env, keyFile: join(dir, 'vault.key') }));
      expect(error.message).toMatch(/^LEDGER_VAULT_KEY must be the base64 encoding of exactly 32 bytes/);
      if (env) expect(error.message).not.toContain(env);
      expect(readdirSync(dir)).toEqual([]);
    });

    it('asks for LEDGER_VAULT_KEY or a key file when given neither', () => {
      expect(thrown(() => masterKeyFrom({})).message).toMatch(/set LEDGER_VAULT_KEY/);
    });
  });

  describe('from a key file', () => {
    it('creates the file (and its directory) with 32 random bytes, mode 0600, and reads the same key after', () => {
      const keyFile = join(dir, 'data', 'vault.key');
      const key = masterKeyFrom({ keyFile });
      expect(key.length).toBe(32);
      expect(readFileSync(keyFile, 'utf8')).toBe(`${key.toString('base64')}\n`);
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      expect(readdirSync(join(dir, 'data'))).toEqual(['vault.key']); // no temporary file left
      expect(masterKeyFrom({ keyFile }).equals(key)).toBe(true);
    });

    it('uses the key an existing file holds', () => {
      const key = randomBytes(32);
      const keyFile = join(dir, 'vault.key');
      writeFileSync(keyFile, key.toString('base64'), { mode: 0o600 });
      expect(masterKeyFrom({ keyFile }).equals(key)).toBe(true);
    });

    it('refuses a file that does not hold a key, naming the file, and leaves it alone', () => {
      const keyFile = join(dir, 'vault.key');
      writeFileSync(keyFile, 'not a key\n');
      expect(thrown(() => masterKeyFrom({ keyFile })).message).toMatch(new RegExp(`^the vault key file ${keyFile} must be the base64`));
      writeFileSync(keyFile, '');
      expect(thrown(() => masterKeyFrom({ keyFile })).message).toMatch(/; it is empty$/);
      expect(readFileSync(keyFile, 'utf8')).toBe('');
    });

    it('takes the key of a process that created the file first, between our read and our create', () => {
      const keyFile = join(dir, 'vault.key');
      const theirs = randomBytes(32);
      const link = fs.linkSync;
      jest.spyOn(fs, 'linkSync').mockImplementationOnce((from, to) => {
        writeFileSync(to, `${theirs.toString('base64')}\n`, { flag: 'wx' }); // the other process wins the race
        link(from, to); // and ours then finds the name taken (EEXIST)
      });
      expect(masterKeyFrom({ keyFile }).equals(theirs)).toBe(true);
      expect(readdirSync(dir)).toEqual(['vault.key']);
    });

    it('gives one key to processes starting at once', async () => {
      // master-key.ts imports only node: modules, so its transpiled form runs in a plain node process.
      const { outputText } = transpileModule(readFileSync(join(__dirname, 'master-key.ts'), 'utf8'), {
        compilerOptions: { module: 1 /* CommonJS */, target: 9 /* ES2022 */, esModuleInterop: true },
      });
      const script = join(dir, 'master-key.js');
      writeFileSync(script, outputText);
      const keyFile = join(dir, 'keys', 'vault.key');
      const run = () =>
        new Promise<string>((resolve, reject) => {
          const child = spawn(process.execPath, ['-e', `process.stdout.write(require(${JSON.stringify(script)}).masterKeyFrom({ keyFile: ${JSON.stringify(keyFile)} }).toString('base64'))`]);
          let out = '';
          let err = '';
          child.stdout.on('data', (chunk) => (out += chunk));
          child.stderr.on('data', (chunk) => (err += chunk));
          child.on('error', reject);
          child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}: ${err}`))));
        });
      const keys = await Promise.all(Array.from({ length: 8 }, run));
      expect(new Set(keys)).toEqual(new Set([readFileSync(keyFile, 'utf8').trim()]));
      expect(readdirSync(join(dir, 'keys'))).toEqual(['vault.key']);
    });
  });
});
