import express, { Router } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { errorBody } from '../http/error-body';

/** Where the web app lives: everything under it is static files, read by the browser with its token. */
export const WEB_APP_PATH = '/app';

/**
 * Serves the built web app (apps/web, built by `npm run build` into `webDir`) at /app, outside the
 * access guard: the files hold no data, and the app asks the API for everything with its own token.
 *
 * Bundles under assets/ carry a content hash in their names, so browsers may keep them for a year;
 * everything else (index.html, the service worker, the manifest) is revalidated on every load, so a
 * new build reaches tablets as soon as they are online.
 */
export function webAppRouter(webDir: string): Router {
  const router = Router();
  router.get('/', (_req, res) => res.redirect(302, `${WEB_APP_PATH}/`));
  router.use(
    WEB_APP_PATH,
    express.static(webDir, {
      index: 'index.html',
      redirect: true,
      fallthrough: true,
      setHeaders: (res, path) => {
        const hashed = path.startsWith(join(webDir, 'assets'));
        res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    }),
  );
  router.use(WEB_APP_PATH, (_req, res) => {
    const message = existsSync(join(webDir, 'index.html'))
      ? 'no such file in the web app'
      : `the web app is not built: run npm run build (looked in ${webDir})`;
    res.status(404).json(errorBody(404, message, [{ field: 'path', rule: 'fileExists' }]));
  });
  return router;
}
