export { startEsdbTestServer } from './server';
export type { EsdbTestServer, EsdbTestServerOptions } from './server';
