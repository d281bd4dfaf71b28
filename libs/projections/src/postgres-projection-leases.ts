import { Client } from 'pg';
import { ProjectionLeases } from './projection-leases';

/** Advisory lock class of projection leases; the id is hashtext(projection name). */
const LOCK_PROJECTIONS = 0x1ed9e2;

/**
 * Leases as PostgreSQL session advisory locks, held on one connection of their own. A lock lives
 * as long as its session: when the holding process dies (even by SIGKILL), its socket closes and
 * PostgreSQL releases the lock at once, so another process takes the projection over on its next
 * tick. A held lease is confirmed on each tick by a round trip on that connection; a connection
 * that fails or does not answer in time gives up every lease it held.
 */
export class PostgresProjectionLeases implements ProjectionLeases {
  private current?: { client: Client; connected: Promise<void> };
  private readonly held = new Set<string>();
  private closed = false;

  constructor(
    private readonly connectionString: string,
    private readonly onConnectionLost: (error: Error) => void = () => {},
    private readonly answerTimeoutMs = 5000,
  ) {}

  async acquire(projection: string): Promise<boolean> {
    if (this.closed) return false;
    const current = this.connection();
    try {
      await current.connected;
      if (this.held.has(projection)) {
        await current.client.query('SELECT 1');
        return this.held.has(projection);
      }
      const { rows } = await current.client.query<{ acquired: boolean }>({
        text: 'SELECT pg_try_advisory_lock($1, hashtext($2)) AS acquired',
        values: [LOCK_PROJECTIONS, projection],
      });
      if (rows[0].acquired) this.held.add(projection);
      return rows[0].acquired;
    } catch (error) {
      this.drop(current.client, error instanceof Error ? error : new Error(String(error)));
      return false;
    }
  }

  async release(projection: string): Promise<void> {
    if (!this.held.delete(projection) || !this.current) return;
    await this.current.client.query({ text: 'SELECT pg_advisory_unlock($1, hashtext($2))', values: [LOCK_PROJECTIONS, projection] });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.held.clear();
    const current = this.current;
    this.current = undefined;
    await current?.client.end().catch(() => {});
  }

  private connection(): { client: Client; connected: Promise<void> } {
    if (!this.current) {
      const client = new Client({
        connectionString: this.connectionString,
        application_name: 'activity-ledger projection leases',
        keepAlive: true,
        query_timeout: this.answerTimeoutMs,
        connectionTimeoutMillis: this.answerTimeoutMs,
      });
      client.on('error', (error) => this.drop(client, error));
      client.on('end', () => this.drop(client, new Error('the lease connection ended')));
      const current = { client, connected: client.connect().then(() => undefined) };
      this.current = current;
      return current;
    }
    return this.current;
  }

  /** Every lease went with the connection; the next acquire opens a new one. */
  private drop(client: Client, error: Error): void {
    if (this.current?.client !== client) return;
    this.current = undefined;
    if (this.held.size > 0 && !this.closed) this.onConnectionLost(error);
    this.held.clear();
    client.end().catch(() => {});
  }
}
