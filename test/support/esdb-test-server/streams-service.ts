/**
 * `event_store.client.streams.Streams`: Read (stream and $all reads, $all subscriptions), Append
 * (unary, client streaming) and BatchAppend (one long-lived bidirectional call). Delete and Tombstone
 * answer UNIMPLEMENTED.
 */
import { randomUUID } from 'node:crypto';
import {
  Metadata,
  ServerDuplexStream,
  ServerReadableStream,
  ServerWritableStream,
  UntypedServiceImplementation,
  sendUnaryData,
  status,
} from '@grpc/grpc-js';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Empty as GoogleEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import {
  Empty as ClientEmpty,
  AllStreamPosition,
  InvalidTransaction,
  WrongExpectedVersion as SharedWrongExpectedVersion,
} from '@eventstore/db-client/generated/shared_pb';
import { Code } from '@eventstore/db-client/generated/code_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import {
  AppendReq,
  AppendResp,
  BatchAppendReq,
  BatchAppendResp,
  ReadReq,
  ReadResp,
} from '@eventstore/db-client/generated/streams_pb';
import { AppendOutcome, EventLog, Expected, LogRecord, ProposedEvent } from './event-log';
import { proposedEvent, readEventResponse, streamIdentifier, streamNameOf } from './wire';

/** Live subscriptions of one server instance, so that stopping it can drop them. */
export type LiveSubscriptions = Set<() => void>;

export interface StreamsContext {
  readonly log: EventLog;
  readonly live: LiveSubscriptions;
  /** Asked after an append is written and before it is answered: true leaves it unanswered (a crash). */
  readonly crashesNow: () => boolean;
}

export function streamsService(context: StreamsContext): UntypedServiceImplementation {
  const { log, live } = context;
  return {
    read: (call: ServerWritableStream<ReadReq, ReadResp>) => read(log, live, call),
    append: (call: ServerReadableStream<AppendReq, AppendResp>, callback: sendUnaryData<AppendResp>) =>
      append(context, call, callback),
    batchAppend: (call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>) => batchAppend(context, call),
    delete: (_call: unknown, callback: sendUnaryData<never>) => callback(unimplemented('Delete')),
    tombstone: (_call: unknown, callback: sendUnaryData<never>) => callback(unimplemented('Tombstone')),
  };
}

// ---------------------------------------------------------------- Read

function read(log: EventLog, live: LiveSubscriptions, call: ServerWritableStream<ReadReq, ReadResp>): void {
  const options = call.request.getOptions();
  if (!options) return fail(call, grpcError(status.INVALID_ARGUMENT, 'read options are required'));
  if (options.hasFilter()) return fail(call, unimplemented('server-side filters'));
  const structuredIds = options.getUuidOption()?.hasStructured() ?? false;
  const forwards = options.getReadDirection() === ReadReq.Options.ReadDirection.FORWARDS;
  const count = options.hasCount() ? BigInt(options.getCount()) : 0n;

  if (options.hasStream()) {
    if (options.hasSubscription()) return fail(call, unimplemented('stream subscriptions'));
    const streamOptions = options.getStream()!;
    const name = streamNameOf(streamOptions.getStreamIdentifier());
    const stream = log.stream(name);
    if (!stream) {
      call.write(
        new ReadResp().setStreamNotFound(
          new ReadResp.StreamNotFound().setStreamIdentifier(streamIdentifier(name)),
        ),
      );
      call.end();
      return;
    }
    const last = stream.length - 1;
    let index: number;
    if (streamOptions.hasRevision()) {
      const revision = BigInt(streamOptions.getRevision());
      index = revision > BigInt(last) ? (forwards ? stream.length : last) : Number(revision);
    } else if (streamOptions.hasEnd()) {
      index = forwards ? stream.length : last;
    } else {
      index = 0;
    }
    for (let sent = 0n; sent < count && index >= 0 && index < stream.length; sent++) {
      call.write(readEventResponse(stream[index], { all: false, structuredIds }));
      index += forwards ? 1 : -1;
    }
    call.end();
    return;
  }

  const all = options.getAll();
  if (!all) return fail(call, grpcError(status.INVALID_ARGUMENT, 'read neither a stream nor $all'));
  const from = all.getPosition();
  const position = from && { commit: BigInt(from.getCommitPosition()), prepare: BigInt(from.getPreparePosition()) };

  if (options.hasSubscription()) {
    // From a position: the events after it. Confirmation, catch-up, CaughtUp, then live; all of the
    // catch-up is written in the same tick as the live listener is added, so nothing falls between.
    const start = position ? log.indexFrom(position, false) : all.hasEnd() ? log.size : 0;
    const send = (record: LogRecord) => call.write(readEventResponse(record, { all: true, structuredIds }));
    call.write(new ReadResp().setConfirmation(new ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID())));
    for (let i = start; i < log.size; i++) send(log.at(i));
    call.write(new ReadResp().setCaughtUp(new ReadResp.CaughtUp()));
    const unsubscribe = log.onAppend((records) => records.forEach(send));
    const drop = () => {
      unsubscribe();
      live.delete(drop);
    };
    live.add(drop);
    call.on('cancelled', drop);
    call.on('close', drop);
    call.on('error', drop);
    return;
  }

  // Reads: forwards from a position include the event at it; backwards go from before it.
  let index: number;
  if (position) index = log.indexFrom(position, true) - (forwards ? 0 : 1);
  else if (all.hasEnd()) index = forwards ? log.size : log.size - 1;
  else index = forwards ? 0 : -1;
  for (let sent = 0n; sent < count && index >= 0 && index < log.size; sent++) {
    call.write(readEventResponse(log.at(index), { all: true, structuredIds }));
    index += forwards ? 1 : -1;
  }
  call.end();
}

// ---------------------------------------------------------------- Append (unary)

function append(
  { log, crashesNow }: StreamsContext,
  call: ServerReadableStream<AppendReq, AppendResp>,
  callback: sendUnaryData<AppendResp>,
): void {
  let options: AppendReq.Options | undefined;
  const events: ProposedEvent[] = [];
  let failed: Error | undefined;
  call.on('data', (req: AppendReq) => {
    try {
      if (req.hasOptions()) options = req.getOptions();
      else if (req.hasProposedMessage()) events.push(proposedEvent(req.getProposedMessage()!));
    } catch (error) {
      failed = error as Error;
    }
  });
  call.on('error', () => undefined);
  call.on('end', () => {
    if (failed || !options) {
      return callback(grpcError(status.INVALID_ARGUMENT, failed?.message ?? 'the first message must hold options'));
    }
    const expected: Expected = options.hasRevision()
      ? { kind: 'revision', revision: BigInt(options.getRevision()) }
      : options.hasNoStream()
        ? { kind: 'no_stream' }
        : options.hasStreamExists()
          ? { kind: 'stream_exists' }
          : { kind: 'any' };
    const outcome = log.append(streamNameOf(options.getStreamIdentifier()), expected, events);
    if (crashesNow()) return;
    if (outcome.kind === 'invalid_transaction') return callback(invalidTransaction());
    const resp = new AppendResp();
    if (outcome.kind === 'success') {
      const success = new AppendResp.Success();
      if (outcome.last) {
        success
          .setCurrentRevision(outcome.last.revision.toString())
          .setPosition(
            new AppendResp.Position()
              .setCommitPosition(outcome.last.position.commit.toString())
              .setPreparePosition(outcome.last.position.prepare.toString()),
          );
      } else {
        success.setNoStream(new ClientEmpty()).setNoPosition(new ClientEmpty());
      }
      return callback(null, resp.setSuccess(success));
    }
    // A conflict is an OK reply whose body says so, with the stream's actual revision.
    const wrong = new AppendResp.WrongExpectedVersion();
    if (outcome.current === 'no_stream') wrong.setCurrentNoStream(new ClientEmpty());
    else wrong.setCurrentRevision(outcome.current.toString());
    if (expected.kind === 'revision') wrong.setExpectedRevision(expected.revision.toString());
    else if (expected.kind === 'no_stream') wrong.setExpectedNoStream(new ClientEmpty());
    else if (expected.kind === 'stream_exists') wrong.setExpectedStreamExists(new ClientEmpty());
    else wrong.setExpectedAny(new ClientEmpty());
    callback(null, resp.setWrongExpectedVersion(wrong));
  });
}

// ---------------------------------------------------------------- BatchAppend (bidirectional)

interface PendingBatch {
  options?: BatchAppendReq.Options;
  invalid?: string;
  readonly events: ProposedEvent[];
}

function batchAppend(context: StreamsContext, call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>): void {
  // One call carries many appends, told apart by correlation id; each is answered on its final
  // message, and the call stays open until the client ends it.
  const pending = new Map<string, PendingBatch>();
  call.on('data', (req: BatchAppendReq) => {
    const correlation = req.getCorrelationId();
    const key = correlation ? Buffer.from(correlation.serializeBinary()).toString('base64') : '';
    const batch = pending.get(key) ?? { events: [] };
    pending.set(key, batch);
    try {
      if (req.hasOptions()) batch.options = req.getOptions();
      for (const message of req.getProposedMessagesList()) batch.events.push(proposedEvent(message));
    } catch (error) {
      batch.invalid = (error as Error).message;
    }
    if (!req.getIsFinal()) return;
    pending.delete(key);
    const resp = batchResponse(context.log, batch, req);
    if (!context.crashesNow()) call.write(resp);
  });
  call.on('end', () => call.end());
  call.on('error', () => undefined);
}

function batchResponse(log: EventLog, batch: PendingBatch, req: BatchAppendReq): BatchAppendResp {
  const resp = new BatchAppendResp().setCorrelationId(req.getCorrelationId());
  const options = batch.options;
  if (!options || batch.invalid) {
    const message = batch.invalid ?? 'the first message must hold options';
    return resp.setError(new Status().setCode(Code.INVALID_ARGUMENT).setMessage(message));
  }
  const name = streamNameOf(options.getStreamIdentifier());
  resp.setStreamIdentifier(streamIdentifier(name));
  let expected: Expected;
  if (options.hasStreamPosition()) {
    expected = { kind: 'revision', revision: BigInt(options.getStreamPosition()) };
    resp.setStreamPosition(options.getStreamPosition());
  } else if (options.hasNoStream()) {
    expected = { kind: 'no_stream' };
    resp.setNoStream(new GoogleEmpty());
  } else if (options.hasStreamExists()) {
    expected = { kind: 'stream_exists' };
    resp.setStreamExists(new GoogleEmpty());
  } else {
    expected = { kind: 'any' };
    resp.setAny(new GoogleEmpty());
  }

  const outcome: AppendOutcome = log.append(name, expected, batch.events);
  if (outcome.kind === 'success') {
    const success = new BatchAppendResp.Success();
    if (outcome.last) {
      success
        .setCurrentRevision(outcome.last.revision.toString())
        .setPosition(
          new AllStreamPosition()
            .setCommitPosition(outcome.last.position.commit.toString())
            .setPreparePosition(outcome.last.position.prepare.toString()),
        );
    } else {
      success.setNoStream(new GoogleEmpty()).setNoPosition(new GoogleEmpty());
    }
    return resp.setSuccess(success);
  }
  if (outcome.kind === 'invalid_transaction') {
    return resp.setError(
      new Status()
        .setCode(Code.INVALID_ARGUMENT)
        .setMessage('Invalid transaction')
        .setDetails(packed(new InvalidTransaction().serializeBinary(), 'event_store.client.InvalidTransaction')),
    );
  }
  // A conflict is a google.rpc.Status whose details pack event_store.client.WrongExpectedVersion.
  const wrong = new SharedWrongExpectedVersion();
  if (outcome.current === 'no_stream') wrong.setCurrentNoStream(new GoogleEmpty());
  else wrong.setCurrentStreamRevision(outcome.current.toString());
  if (expected.kind === 'revision') wrong.setExpectedStreamPosition(expected.revision.toString());
  else if (expected.kind === 'no_stream') wrong.setExpectedNoStream(new GoogleEmpty());
  else if (expected.kind === 'stream_exists') wrong.setExpectedStreamExists(new GoogleEmpty());
  else wrong.setExpectedAny(new GoogleEmpty());
  return resp.setError(
    new Status()
      .setCode(Code.FAILED_PRECONDITION)
      .setMessage('Wrong expected version')
      .setDetails(packed(wrong.serializeBinary(), 'event_store.client.WrongExpectedVersion')),
  );
}

// ---------------------------------------------------------------- errors

/** Ends a server-streaming call with an error status. */
function fail(call: ServerWritableStream<ReadReq, ReadResp>, error: Error): void {
  call.emit('error', error);
}

function packed(bytes: Uint8Array, typeName: string): Any {
  const any = new Any();
  any.pack(bytes, typeName);
  return any;
}

function grpcError(code: status, details: string, exception?: string): Error & { code: status; metadata: Metadata } {
  const metadata = new Metadata();
  if (exception) metadata.set('exception', exception);
  return Object.assign(new Error(details), { code, details, metadata });
}

function unimplemented(what: string) {
  return grpcError(status.UNIMPLEMENTED, `${what} is not implemented by the test server`);
}

/** How a unary Append reports EventStoreDB's CorruptedIdempotency. */
function invalidTransaction() {
  return grpcError(status.INVALID_ARGUMENT, 'Invalid transaction', 'invalid-transaction');
}
