import { INestApplication } from '@nestjs/common';

/** One route the running application answers, with Nest-style `:param` placeholders. */
export interface RegisteredRoute {
  /** Upper case, as HTTP has it: `POST`. */
  readonly method: string;
  /** `/courses/:courseId/sessions/:sessionId/attendances` */
  readonly path: string;
}

/** What this module reads of an Express router's layer (Express 5's `router` package and Express 4 alike). */
interface RouterLayer {
  route?: { path: unknown; methods: Record<string, boolean> };
}

interface ExpressInstance {
  /** Express 5: the router, built lazily on first access. */
  router?: { stack: RouterLayer[] };
  /** Express 4: the router, built by `lazyrouter()` once a route is added. */
  _router?: { stack: RouterLayer[] };
}

/**
 * The routes the application really registers, read from the Express router after `app.init()`,
 * rather than from a hand-kept list: a new endpoint then reaches every test that walks them (the
 * write fuzz, the access-control matrix) without anyone remembering to add it.
 */
export function registeredRoutes(app: INestApplication): RegisteredRoute[] {
  const instance = app.getHttpAdapter().getInstance() as ExpressInstance;
  const router = instance.router ?? instance._router;
  if (!router) throw new Error('the application has no Express router: call app.init() first');
  const routes: RegisteredRoute[] = [];
  for (const layer of router.stack) {
    if (!layer.route) continue; // middleware (helmet, body parser, Swagger's static files), not a route
    const { path, methods } = layer.route;
    if (typeof path !== 'string') throw new Error(`a route with a non-string path (${String(path)}): teach routes.ts to read it`);
    // Nest mounts module middleware (nestjs-pino's request logger) as `/{*path}` routes per method:
    // a catch-all is middleware, not an endpoint (the API declares none).
    if (isWildcard(path)) continue;
    for (const [method, registered] of Object.entries(methods)) {
      if (registered && method !== '_all') routes.push({ method: method.toUpperCase(), path });
    }
  }
  return distinctRoutes(routes);
}

/** The routes that change state: every POST, and DELETE /admin/tokens/:id (the API has no PUT or PATCH). */
export function writeRoutes(app: INestApplication): RegisteredRoute[] {
  return registeredRoutes(app).filter((route) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(route.method));
}

/** The names of a route's path parameters, in order: `['courseId', 'sessionId']`. */
export function pathParameters(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((match) => match[1]);
}

/** The path with each `:param` replaced by its value (URL-encoded); a parameter without a value is an error. */
export function fillPath(path: string, values: Readonly<Record<string, string>>): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for the path parameter :${name} of ${path}`);
    return encodeURIComponent(value);
  });
}

/** Express 5 wildcards (`{*path}`, `*splat`) and Express 4's `*`. */
function isWildcard(path: string): boolean {
  return /\{\*|(^|\/)\*/.test(path);
}

/** Swagger registers GET /docs-json and the like once; a route found twice would be walked twice. */
function distinctRoutes(routes: RegisteredRoute[]): RegisteredRoute[] {
  const seen = new Set<string>();
  return routes.filter((route) => {
    const key = `${route.method} ${route.path}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}
