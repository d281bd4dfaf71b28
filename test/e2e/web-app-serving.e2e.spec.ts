import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startTestLedger, TestLedger } from '../support/ledger-app';

/**
 * The API serves the built web app at /app (`npm test` builds it before the suites run): static
 * files without a token, bundles cached for a year (their names change with their content), the
 * page and the service worker revalidated on every load, nothing fetched from anywhere else.
 */
describe('the web app, as the API serves it', () => {
  const webDir = resolve('dist/web');
  let ledger: TestLedger;
  beforeAll(async () => (ledger = await startTestLedger()));
  afterAll(() => ledger.close());

  it('serves the page at /app/ to anyone, revalidated on every load, under the content security policy', async () => {
    const page = await ledger.anonymous.get('/app/').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.text).toContain('<div id="root"></div>');
    await ledger.anonymous.get('/').expect(302).expect('location', '/app/');
  });

  it('caches content-hashed bundles for a year and the service worker not at all', async () => {
    const bundles = readdirSync(join(webDir, 'assets'));
    expect(bundles.length).toBeGreaterThan(0);
    for (const bundle of bundles) {
      const res = await ledger.anonymous.get(`/app/assets/${bundle}`).expect(200);
      expect({ bundle, cache: res.headers['cache-control'] }).toEqual({ bundle, cache: 'public, max-age=31536000, immutable' });
    }
    const worker = await ledger.anonymous.get('/app/service-worker.js').expect(200);
    expect(worker.headers['cache-control']).toBe('no-cache');
    // The worker precaches exactly this build's files.
    for (const bundle of bundles) expect(worker.text).toContain(`assets/${bundle}`);
  });

  it('loads nothing from another origin: no CDN, no fonts, no analytics', () => {
    const index = readFileSync(join(webDir, 'index.html'), 'utf8');
    const references = [...index.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
    expect(references.length).toBeGreaterThanOrEqual(3);
    expect(references.filter((reference) => !reference.startsWith('/app/') && !reference.startsWith('./'))).toEqual([]);
  });

  it('answers a missing file, and a missing build, with a JSON 404 that says which', async () => {
    const missing = await ledger.anonymous.get('/app/nope.js').expect(404);
    expect(missing.body).toMatchObject({ statusCode: 404, details: [{ field: 'path', rule: 'fileExists' }] });
    const empty = mkdtempSync(join(tmpdir(), 'no-web-'));
    const unbuilt = await startTestLedger({ config: { webDir: empty } });
    try {
      const res = await unbuilt.anonymous.get('/app/').expect(404);
      expect(res.body.message).toContain('npm run build');
    } finally {
      await unbuilt.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
