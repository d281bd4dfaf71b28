/**
 * A protocol-level stand-in for a single EventStoreDB node, for tests: a gRPC server on 127.0.0.1
 * that answers the calls @eventstore/db-client makes, from an in-memory log. No TLS, no auth.
 */
import { Server, ServerCredentials, ServerUnaryCall, sendUnaryData, status } from '@grpc/grpc-js';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import { Empty } from '@eventstore/db-client/generated/shared_pb';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { EventLog, LogRecord } from './event-log';
import { LiveSubscriptions, streamsService } from './streams-service';

export interface EsdbTestServerOptions {
  /**
   * true (default): ServerFeatures/GetSupportedMethods lists Streams/BatchAppend, as servers since 21
   * do, and the client appends over BatchAppend. false: it answers UNIMPLEMENTED, as a 20.x server
   * does, and the client appends with the unary Streams/Append.
   */
  readonly batchAppend?: boolean;
}

export interface EsdbTestServer {
  /** `esdb://127.0.0.1:<port>?tls=false` */
  readonly connectionString: string;
  readonly port: number;
  /** Drops the server at once (forceShutdown): open calls fail, new ones cannot connect. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same log. */
  restart(): Promise<void>;
  /** Writes an event to a system stream, as EventStoreDB does on its own (e.g. $statsCollected). */
  appendSystemEvent(): LogRecord;
  /** The next append is written, then the server stops before answering it: a lost acknowledgement. */
  crashAfterNextAppend(): void;
}

const SERVER_VERSION = '24.10.0-test';

export async function startEsdbTestServer(options: EsdbTestServerOptions = {}): Promise<EsdbTestServer> {
  const log = new EventLog();
  const batchAppend = options.batchAppend ?? true;
  let server: Server | undefined;
  let live: LiveSubscriptions = new Set();
  let crashPending = false;

  const stop = async () => {
    server?.forceShutdown();
    server = undefined;
    for (const drop of [...live]) drop();
  };
  const crashesNow = () => {
    if (!crashPending) return false;
    crashPending = false;
    void stop();
    return true;
  };

  const listen = async (port: number): Promise<number> => {
    live = new Set();
    const next = new Server();
    next.addService(StreamsService, streamsService({ log, live, crashesNow }));
    next.addService(ServerFeaturesService, { getSupportedMethods: supportedMethods(batchAppend) });
    const bound = await bindWithRetry(next, port);
    server = next;
    return bound;
  };

  const port = await listen(0);
  return {
    connectionString: `esdb://127.0.0.1:${port}?tls=false`,
    port,
    stop,
    restart: async () => {
      await stop();
      await listen(port);
    },
    appendSystemEvent: () => log.appendSystemEvent(),
    crashAfterNextAppend: () => {
      crashPending = true;
    },
  };
}

function supportedMethods(batchAppend: boolean) {
  return (_call: ServerUnaryCall<Empty, SupportedMethods>, callback: sendUnaryData<SupportedMethods>) => {
    if (!batchAppend) {
      return callback({ code: status.UNIMPLEMENTED, details: 'ServerFeatures is not implemented' });
    }
    const method = (service: string, name: string) =>
      new SupportedMethod().setServiceName(service).setMethodName(name);
    const streams = 'event_store.client.streams.streams';
    callback(
      null,
      new SupportedMethods()
        .setEventStoreServerVersion(SERVER_VERSION)
        .setMethodsList([
          method(streams, 'read'),
          method(streams, 'append'),
          method(streams, 'batchappend'),
          method('event_store.client.server_features.serverfeatures', 'getsupportedmethods'),
        ]),
    );
  };
}

/** Binding the port a stopped server just released can fail for a moment: try again briefly. */
async function bindWithRetry(server: Server, port: number): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await new Promise<number>((resolve, reject) =>
        server.bindAsync(`127.0.0.1:${port}`, ServerCredentials.createInsecure(), (error, bound) =>
          error ? reject(error) : resolve(bound),
        ),
      );
    } catch (error) {
      if (port === 0 || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
