import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { issueToken } from '../../../../libs/access/src/token';
import { TokenRegistry } from '../../../../libs/access/src/token-registry.port';
import { LedgerConfig } from '../config';
import { LEDGER_CONFIG, TOKEN_REGISTRY } from '../ledger.providers';

export const BOOTSTRAP_TOKEN_ID = 'tok-bootstrap';
/** Where the once-only bootstrap token is written: standard output, past any log level. */
export const NOTICE = Symbol('Notice');
export type Notice = (text: string) => void;

/**
 * Somebody must hold the first admin token. Unless LEDGER_BOOTSTRAP_TOKEN provides one, the first
 * start issues a token scoped to every organisation and prints it, once: only its hash is kept, so
 * it cannot be shown again (revoke it and issue others once set up). Registering under a fixed id
 * makes two instances starting together print it once between them.
 */
@Injectable()
export class BootstrapAdmin implements OnApplicationBootstrap {
  constructor(
    @Inject(TOKEN_REGISTRY) private readonly registry: TokenRegistry,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(NOTICE) private readonly notice: Notice,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.bootstrapToken !== undefined || (await this.registry.find(BOOTSTRAP_TOKEN_ID)) !== undefined) return;
    const { token, hash } = issueToken();
    const registered = await this.registry.register(
      { id: BOOTSTRAP_TOKEN_ID, role: 'admin', organizationId: null, label: 'bootstrap admin, printed once at first start', createdAt: new Date().toISOString(), createdBy: 'ledger' },
      hash,
    );
    if (!registered) return;
    this.notice(
      [
        '',
        'activity-ledger: first start. The bootstrap admin token (shown this once; only its hash is kept):',
        '',
        `    ${token}`,
        '',
        'Send it as "Authorization: Bearer <token>", or: export LEDGER_TOKEN=<token> for the ledger CLI and the demo.',
        '',
      ].join('\n') + '\n',
    );
  }
}
