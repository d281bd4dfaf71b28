/**
 * Conversions between the client's generated protobuf messages and the log's records. The stubs are
 * the very modules @eventstore/db-client loads: google-protobuf registers message types globally,
 * so a second copy of the stubs in the process would break both.
 */
import { Empty as ClientEmpty, StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';
import { AppendReq, BatchAppendReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { LogRecord, ProposedEvent } from './event-log';

export function streamNameOf(identifier: StreamIdentifier | undefined): string {
  if (!identifier) throw new Error('missing stream identifier');
  return Buffer.from(identifier.getStreamName_asU8()).toString('utf8');
}

export function streamIdentifier(name: string): StreamIdentifier {
  return new StreamIdentifier().setStreamName(Buffer.from(name, 'utf8'));
}

/** A UUID in either wire form (text, or two signed 64-bit halves) as lower-case text. */
export function uuidText(uuid: UUID | undefined): string {
  if (!uuid) throw new Error('missing uuid');
  if (uuid.hasStructured()) {
    const structured = uuid.getStructured()!;
    const bytes = Buffer.alloc(16);
    bytes.writeBigUInt64BE(BigInt.asUintN(64, BigInt(structured.getMostSignificantBits())), 0);
    bytes.writeBigUInt64BE(BigInt.asUintN(64, BigInt(structured.getLeastSignificantBits())), 8);
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  return uuid.getString().toLowerCase();
}

export function uuidMessage(text: string, structured: boolean): UUID {
  const uuid = new UUID();
  if (!structured) return uuid.setString(text);
  const bytes = Buffer.from(text.replace(/-/g, ''), 'hex');
  return uuid.setStructured(
    new UUID.Structured()
      .setMostSignificantBits(BigInt.asIntN(64, bytes.readBigUInt64BE(0)).toString())
      .setLeastSignificantBits(BigInt.asIntN(64, bytes.readBigUInt64BE(8)).toString()),
  );
}

export function proposedEvent(message: AppendReq.ProposedMessage | BatchAppendReq.ProposedMessage): ProposedEvent {
  const metadata = message.getMetadataMap();
  const type = metadata.get('type');
  if (!type) throw new Error('a proposed event needs a type');
  return {
    id: uuidText(message.getId()),
    type,
    contentType: metadata.get('content-type') ?? 'application/octet-stream',
    data: message.getData_asU8(),
    customMetadata: message.getCustomMetadata_asU8(),
  };
}

/**
 * One event of a read or subscription. `$all` reads carry the commit position on the ReadEvent too;
 * stream reads say no_position there, but (as servers since 22.6 do) fill the record's positions.
 */
export function readEventResponse(record: LogRecord, options: { all: boolean; structuredIds: boolean }): ReadResp {
  const recorded = new ReadResp.ReadEvent.RecordedEvent()
    .setId(uuidMessage(record.id, options.structuredIds))
    .setStreamIdentifier(streamIdentifier(record.streamName))
    .setStreamRevision(record.revision.toString())
    .setCommitPosition(record.position.commit.toString())
    .setPreparePosition(record.position.prepare.toString())
    .setData(record.data)
    .setCustomMetadata(record.customMetadata);
  recorded
    .getMetadataMap()
    .set('type', record.type)
    .set('content-type', record.contentType)
    .set('created', record.created.toString());
  const event = new ReadResp.ReadEvent().setEvent(recorded);
  if (options.all) event.setCommitPosition(record.position.commit.toString());
  else event.setNoPosition(new ClientEmpty());
  return new ReadResp().setEvent(event);
}
