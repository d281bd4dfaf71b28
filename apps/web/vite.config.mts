import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig, Plugin } from 'vite';

const HERE = import.meta.dirname;

/** Where the API serves the app from, and where `npm run build` puts it (LEDGER_WEB_DIR reads it there). */
const BASE = '/app/';
const OUT_DIR = resolve(HERE, '../../dist/web');
const PUBLIC_DIR = resolve(HERE, 'public');
const SERVICE_WORKER = 'service-worker';
/** The string the service worker's source holds where the list of files goes, in whichever quotes the bundler wrote it. */
const PRECACHE_PLACEHOLDER = /(["'`])__PRECACHE_MANIFEST__\1/;

/**
 * The service worker keeps the whole app in the browser's cache, so that a tablet can reload the
 * page at an event with no connection. It must know every file of this build: this writes their
 * list into it once the bundle is complete.
 */
function precacheManifest(): Plugin {
  return {
    name: 'ledger-precache-manifest',
    generateBundle(_options, bundle) {
      const worker = Object.values(bundle).find((file) => file.type === 'chunk' && file.name === SERVICE_WORKER);
      if (!worker || worker.type !== 'chunk') throw new Error('the service worker is missing from the bundle');
      if (!PRECACHE_PLACEHOLDER.test(worker.code)) throw new Error('the service worker has no precache placeholder');
      const built = Object.keys(bundle).filter((name) => name !== worker.fileName && name !== 'index.html');
      // './' is index.html as the browser asks for it; public/ is copied beside the bundle, not part of it.
      const files = ['./', ...built, ...readdirSync(PUBLIC_DIR)];
      worker.code = worker.code.replace(PRECACHE_PLACEHOLDER, JSON.stringify(files));
    },
  };
}

export default defineConfig({
  root: HERE,
  base: BASE,
  publicDir: PUBLIC_DIR,
  plugins: [precacheManifest()],
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: OUT_DIR,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    rollupOptions: {
      input: { index: resolve(HERE, 'index.html'), [SERVICE_WORKER]: resolve(HERE, 'src/service-worker.ts') },
      // The service worker keeps a fixed name at the app's root: its scope is the folder it is served from.
      output: { entryFileNames: (chunk) => (chunk.name === SERVICE_WORKER ? 'service-worker.js' : 'assets/[name]-[hash].js') },
    },
  },
});
