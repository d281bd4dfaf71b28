import { KeptContact } from './contact-vault.port';
import { openWithMasterKey } from './envelope';

/**
 * One person as each adapter's one statement (one snapshot) reads them: tombstone, details and key.
 * Mapped here once, so SQLite and PostgreSQL answer `read` alike and cannot drift apart.
 */
export interface PersonRow {
  forgotten_at: string | null;
  organization_id: string | null;
  sealed: Buffer | null;
  updated_at: string | null;
  wrapped_key: Buffer | null;
}

/** A person's row as the port gives it. */
export function toKeptContact(participantId: string, row: PersonRow, masterKey: Buffer): KeptContact | undefined {
  if (row.forgotten_at !== null) return { status: 'forgotten', participantId, forgottenAt: row.forgotten_at };
  if (row.sealed === null || row.organization_id === null || row.updated_at === null) return undefined;
  if (row.wrapped_key === null) throw new Error(`the contact vault holds details of ${participantId} but no key for them`); // forget deletes both at once
  return {
    status: 'kept',
    participantId,
    organizationId: row.organization_id,
    details: openWithMasterKey(row.sealed, row.wrapped_key, masterKey, participantId),
    updatedAt: row.updated_at,
  };
}
