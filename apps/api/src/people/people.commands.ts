import { HttpStatus, Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { organizationDecider } from '../../../../libs/domain/src/organization/organization.decider';
import { personDecider } from '../../../../libs/domain/src/person/person.decider';
import { ForgettingGrounds } from '../../../../libs/domain/src/person/person.events';
import { refuse } from '../../../../libs/domain/src/shared/errors';
import { ContactVault, KeptContact } from '../../../../libs/personal-data/src/contact-vault.port';
import { LedgerHttpError } from '../http/error-body';
import { CLOCK, Clock, CONTACT_VAULT } from '../ledger.providers';
import { CommandExecutor, CommandMeta } from '../write/command-executor';
import { CommandResult } from '../write/command-result';
import { streams } from '../write/streams';
import { ContactView, KeepContactDetailsDto, PersonForgottenView } from './people.dto';

export class KeepContactDetails {
  constructor(readonly participantId: string, readonly dto: KeepContactDetailsDto, readonly meta: CommandMeta) {}
}

/**
 * The details go to the vault, encrypted under the person's key; the log records only that they
 * were kept, and by which organisation. The decider is asked first, so that a forgotten person or
 * another organisation's details are refused before the vault is touched.
 */
@CommandHandler(KeepContactDetails)
export class KeepContactDetailsHandler implements ICommandHandler<KeepContactDetails, CommandResult<ContactView>> {
  constructor(
    private readonly executor: CommandExecutor,
    @Inject(CONTACT_VAULT) private readonly vault: ContactVault,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ participantId, dto, meta }: KeepContactDetails): Promise<CommandResult<ContactView>> {
    const { organizationId, name, phone } = dto;
    const { state: organization } = await this.executor.load(streams.organization(organizationId), organizationDecider);
    if (organization.status !== 'registered') throw refuse.notFound('organizationId', `organisation ${organizationId} does not exist`);
    const command = { type: 'KeepContactDetails' as const, data: { participantId, organizationId } };
    const { state } = await this.executor.load(streams.person(participantId), personDecider);
    personDecider.decide(command, state, { today: '' }); // throws the refusal, if any, before anything is stored
    const details = { name, ...(phone !== undefined && { phone }) };
    if ((await this.vault.keep(participantId, organizationId, details, this.clock().toISOString())) === 'forgotten') {
      throw refuse.conflict('participantId', 'notForgotten', `participant ${participantId} was forgotten: no contact details are kept for them`);
    }
    await this.executor.execute(streams.person(participantId), personDecider, command, meta);
    return { created: true, body: { participantId, organizationId, name, phone: phone ?? null, redacted: false } };
  }
}

export class ReadContactDetails {
  constructor(readonly participantId: string, readonly meta: CommandMeta) {}
}

/** Every read is recorded (who: the actor; when: recordedAt; whose: the participant) before the details are answered: no record, no details. */
@CommandHandler(ReadContactDetails)
export class ReadContactDetailsHandler implements ICommandHandler<ReadContactDetails, ContactView> {
  constructor(
    private readonly executor: CommandExecutor,
    @Inject(CONTACT_VAULT) private readonly vault: ContactVault,
  ) {}

  async execute({ participantId, meta }: ReadContactDetails): Promise<ContactView> {
    const kept = await this.vault.read(participantId);
    if (kept === undefined) {
      throw new LedgerHttpError(HttpStatus.NOT_FOUND, `no contact details are kept for participant ${participantId}`, [{ field: 'participantId', rule: 'exists' }]);
    }
    if (kept.status === 'forgotten') return redacted(kept);
    await this.executor.execute(streams.person(participantId), personDecider, { type: 'RecordContactDetailsViewed', data: { participantId } }, meta);
    return { participantId, organizationId: kept.organizationId, name: kept.details.name, phone: kept.details.phone ?? null, redacted: false };
  }
}

function redacted(tombstone: Extract<KeptContact, { status: 'forgotten' }>): ContactView {
  return { participantId: tombstone.participantId, name: null, phone: null, redacted: true, forgottenAt: tombstone.forgottenAt };
}

export class ForgetPerson {
  constructor(readonly participantId: string, readonly grounds: ForgettingGrounds, readonly meta: CommandMeta) {}
}

/**
 * Crypto-shredding: the vault destroys the person's key and details first (the irreversible part),
 * then the log records PersonForgotten. A crash between the two is mended by a retry: the vault
 * forgets idempotently, and the decider records the fact once.
 */
@CommandHandler(ForgetPerson)
export class ForgetPersonHandler implements ICommandHandler<ForgetPerson, CommandResult<PersonForgottenView>> {
  constructor(
    private readonly executor: CommandExecutor,
    @Inject(CONTACT_VAULT) private readonly vault: ContactVault,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ participantId, grounds, meta }: ForgetPerson): Promise<CommandResult<PersonForgottenView>> {
    const { forgottenAt } = await this.vault.forget(participantId, this.clock().toISOString());
    const { events } = await this.executor.execute(streams.person(participantId), personDecider, { type: 'ForgetPerson', data: { participantId, grounds } }, meta);
    return { created: events.length > 0, body: { participantId, forgotten: true, forgottenAt } };
  }
}
