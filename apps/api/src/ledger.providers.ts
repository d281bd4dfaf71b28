import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit, Provider } from '@nestjs/common';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { auditChainProjection } from '../../../libs/audit/src/audit-chain.projection';
import { EventStore } from '../../../libs/event-store/src/event-store.port';
import { EventStoreDbEventStore } from '../../../libs/event-store/src/eventstoredb/eventstoredb-event-store';
import { SqliteEventStore } from '../../../libs/event-store/src/sqlite-event-store';
import { participationProjection } from '../../../libs/projections/src/participation/participation.projection';
import { PostgresProjectionLeases } from '../../../libs/projections/src/postgres-projection-leases';
import { ProjectionLeases, SingleProcessLeases } from '../../../libs/projections/src/projection-leases';
import { ProjectionManager } from '../../../libs/projections/src/projection-manager';
import { reportsProjection } from '../../../libs/projections/src/reports/reports.projection';
import { PostgresReadModelStore } from '../../../libs/projections/src/postgres-read-model-store';
import { ReadModelStore } from '../../../libs/projections/src/read-model.port';
import { SqliteReadModelStore } from '../../../libs/projections/src/sqlite-read-model-store';
import { PostgresTokenRegistry } from '../../../libs/access/src/postgres-token-registry';
import { SqliteTokenRegistry } from '../../../libs/access/src/sqlite-token-registry';
import { TokenRegistry } from '../../../libs/access/src/token-registry.port';
import { ContactVault } from '../../../libs/personal-data/src/contact-vault.port';
import { masterKeyFrom } from '../../../libs/personal-data/src/master-key';
import { PostgresContactVault } from '../../../libs/personal-data/src/postgres-contact-vault';
import { SqliteContactVault } from '../../../libs/personal-data/src/sqlite-contact-vault';
import { LedgerConfig } from './config';
import { CommandExecutor } from './write/command-executor';

export const LEDGER_CONFIG = Symbol('LedgerConfig');
export const EVENT_STORE = Symbol('EventStore');
export const READ_MODELS = Symbol('ReadModelStore');
export const CLOCK = Symbol('Clock');
export const TOKEN_REGISTRY = Symbol('TokenRegistry');
export const CONTACT_VAULT = Symbol('ContactVault');

export type Clock = () => Date;

/** The projections this API runs; the audit chain's sealer is one of them, the list of published reports another. */
export const PROJECTIONS = [participationProjection, auditChainProjection, reportsProjection];

/** Opens the stores, starts the projections, and closes everything in order on shutdown. */
@Injectable()
export class LedgerLifecycle implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Ledger');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly readModels: ReadModelStore,
    @Inject(TOKEN_REGISTRY) private readonly tokens: TokenRegistry,
    @Inject(CONTACT_VAULT) private readonly vault: ContactVault,
    private readonly projections: ProjectionManager,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.projections.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.projections.stop();
    await this.store.close();
    await this.readModels.close();
    await this.tokens.close();
    await this.vault.close();
    this.logger.log('ledger closed');
  }
}

/** The log, chosen by configuration alone: the same domain code runs on either. */
function openEventStore(config: LedgerConfig): EventStore {
  if (config.store.kind === 'eventstoredb') return new EventStoreDbEventStore(config.store.connectionString);
  mkdirSync(config.dataDir, { recursive: true });
  return new SqliteEventStore(join(config.dataDir, 'events.sqlite'), { pollMs: config.pollMs });
}

async function openReadModels(config: LedgerConfig): Promise<ReadModelStore> {
  if (config.readModel.kind === 'postgres') return PostgresReadModelStore.open(config.readModel.databaseUrl);
  return new SqliteReadModelStore(join(config.dataDir, 'read-models'));
}

/** Tokens live beside the read models: in one SQLite file per data directory, or in the PostgreSQL every instance shares. */
async function openTokenRegistry(config: LedgerConfig): Promise<TokenRegistry> {
  if (config.readModel.kind === 'postgres') return PostgresTokenRegistry.open(config.readModel.databaseUrl);
  mkdirSync(config.dataDir, { recursive: true });
  return SqliteTokenRegistry.open(join(config.dataDir, 'access.sqlite'));
}

/** Contact details likewise; their master key comes from LEDGER_VAULT_KEY, or a key file in the embedded data directory. */
async function openContactVault(config: LedgerConfig): Promise<ContactVault> {
  if (config.readModel.kind === 'postgres') {
    if (config.vaultKey === undefined) throw new Error('PostgreSQL read models need LEDGER_VAULT_KEY, the same on every instance');
    return PostgresContactVault.open(config.readModel.databaseUrl, masterKeyFrom({ env: config.vaultKey }));
  }
  mkdirSync(config.dataDir, { recursive: true });
  const masterKey = masterKeyFrom({ env: config.vaultKey, keyFile: join(config.dataDir, 'vault.key') });
  return SqliteContactVault.open(join(config.dataDir, 'vault.sqlite'), masterKey);
}

/** Shared read models may be served by several processes: each projection runs in one at a time. */
function projectionLeases(config: LedgerConfig, logger: Logger): ProjectionLeases {
  if (config.readModel.kind === 'sqlite') return new SingleProcessLeases();
  return new PostgresProjectionLeases(config.readModel.databaseUrl, (error) =>
    logger.error({ err: error, msg: 'lost the connection holding projection leases; another process may take them over' }),
  );
}

export function ledgerProviders(config: LedgerConfig, clock: Clock): Provider[] {
  return [
    { provide: LEDGER_CONFIG, useValue: config },
    { provide: CLOCK, useValue: clock },
    { provide: EVENT_STORE, useFactory: () => openEventStore(config) },
    { provide: READ_MODELS, useFactory: () => openReadModels(config) },
    { provide: TOKEN_REGISTRY, useFactory: () => openTokenRegistry(config) },
    { provide: CONTACT_VAULT, useFactory: () => openContactVault(config) },
    {
      provide: ProjectionManager,
      inject: [EVENT_STORE, READ_MODELS],
      useFactory: (store: EventStore, readModels: ReadModelStore) => {
        const logger = new Logger('Projections');
        return new ProjectionManager(
          store,
          readModels,
          PROJECTIONS,
          {
            info: (details, message) => logger.log({ ...details, msg: message }),
            error: (details, message) => logger.error({ ...details, msg: message }),
          },
          { leases: projectionLeases(config, logger), tickMs: config.leaseCheckMs },
        );
      },
    },
    {
      provide: CommandExecutor,
      inject: [EVENT_STORE],
      useFactory: (store: EventStore) => new CommandExecutor(store, clock, config.timeZone, config.commandRetries),
    },
    LedgerLifecycle,
  ];
}
