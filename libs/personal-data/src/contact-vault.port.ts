/**
 * The contact vault: the one place that holds who a participant is.
 *
 * The event log is append-only and hash-chained, so it can never hold a name or a phone number: a
 * person could not then be forgotten without rewriting history. Events name participants only by
 * pseudonymous ids; staff who need to reach a person keep the details here, beside the log, each
 * person's encrypted under a data key of their own (itself stored wrapped under the vault's master
 * key). Forgetting a person destroys that key and the ciphertext and leaves a tombstone
 * (crypto-shredding): the details can never be recovered, while the pseudonymous id goes on being
 * counted in every event and report.
 *
 * What forgetting does not reach: a backup or snapshot of the vault taken before the forget still
 * holds the wrapped key, which the master key opens. Forgetting is complete once those backups have
 * expired, or at once if the master key is not kept with them.
 */

/** What staff may keep about a person: only what is needed to reach them. */
export interface ContactDetails {
  readonly name: string;
  readonly phone?: string;
}

/**
 * A person as the vault knows them: their details (decrypted) with the organisation owning them,
 * or, once forgotten, only the tombstone, so history and exports can mark the id as forgotten
 * rather than unknown.
 */
export type KeptContact =
  | {
      readonly status: 'kept';
      readonly participantId: string;
      readonly organizationId: string;
      readonly details: ContactDetails;
      /** The `at` of the last keep, as given. */
      readonly updatedAt: string;
    }
  | {
      readonly status: 'forgotten';
      readonly participantId: string;
      /** The `at` of the first forget, as given. */
      readonly forgottenAt: string;
    };

/**
 * Every adapter (SQLite, PostgreSQL) passes the one contract in testing/contact-vault.contract.ts.
 * Times (`at`) come in from the caller, never from a clock read here, and are stored as given.
 * Everything a vault instance does is seen at once by every other instance on the same file or
 * database: a forget in one API process stops reads in all of them.
 */
export interface ContactVault {
  /**
   * Keeps (or replaces) a person's details for an owning organisation, encrypted under the person's
   * key, made on first use. 'forgotten' (and nothing stored) once the person was forgotten.
   * Throws ContactUnreadableError when the person's stored key does not unwrap under this vault's
   * master key (rather than silently replacing it).
   */
  keep(participantId: string, organizationId: string, details: ContactDetails, at: string): Promise<'kept' | 'forgotten'>;

  /**
   * The details decrypted, the tombstone of a forgotten person, or undefined when nothing was ever
   * kept nor forgotten. Throws ContactUnreadableError when the details cannot be decrypted (another
   * master key, altered bytes): never undefined for that, which a caller would take for "nothing
   * kept" and write over.
   */
  read(participantId: string): Promise<KeptContact | undefined>;

  /** The organisation owning the details, without decrypting (undefined when none kept or forgotten). */
  ownerOf(participantId: string): Promise<string | undefined>;

  /**
   * Destroys the person's key and ciphertext in one transaction, leaving a tombstone; forgetting
   * again keeps the first time. Works for people with no details kept too, so an id can be
   * forgotten before anything was ever kept for it. Needs no key: forgetting always works.
   */
  forget(participantId: string, at: string): Promise<{ readonly forgottenAt: string }>;

  /** Which of these ids were forgotten (for marking them in history and exports). */
  forgottenAmong(participantIds: readonly string[]): Promise<ReadonlySet<string>>;

  close(): Promise<void>;
}

/**
 * Stored details (or the person's key) could not be decrypted: the vault's master key
 * (LEDGER_VAULT_KEY, or its key file) is not the one they were kept under, or the stored bytes were
 * altered or moved to another person. An operator's problem, not a request's: the API answers 500
 * and the logs say which. The participant id is pseudonymous, so the message may name it.
 */
export class ContactUnreadableError extends Error {
  constructor(
    readonly participantId: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`the contact details of participant ${participantId} cannot be decrypted: ${reason}`, options);
    this.name = 'ContactUnreadableError';
  }
}
