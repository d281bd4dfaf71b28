import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { coolingDeliveryDecider } from '../../../../libs/domain/src/cooling-delivery/cooling-delivery.decider';
import { CoolingDeliveryState, CoolingItem } from '../../../../libs/domain/src/cooling-delivery/cooling-delivery.events';
import { coolingInstallationDecider } from '../../../../libs/domain/src/cooling-installation/cooling-installation.decider';
import { CoolingInstallationState } from '../../../../libs/domain/src/cooling-installation/cooling-installation.events';
import { organizationDecider } from '../../../../libs/domain/src/organization/organization.decider';
import { CommandExecutor, CommandMeta } from '../write/command-executor';
import { CommandResult } from '../write/command-result';
import { streams } from '../write/streams';
import {
  CoolingDeliveryView,
  CoolingInstallationView,
  CoolingItemDto,
  CorrectCoolingDeliveryDto,
  CorrectCoolingInstallationDto,
  RecordCoolingDeliveryDto,
  RecordCoolingInstallationDto,
} from './cooling.dto';

/** Plain items, field by field: what the event stores, whatever else the DTO instances carry. */
const plainItems = (items: readonly CoolingItemDto[]): CoolingItem[] =>
  items.map(({ item, quantity, unit }) => ({ item, quantity, unit }));

export class RecordCoolingDelivery {
  constructor(readonly dto: RecordCoolingDeliveryDto, readonly meta: CommandMeta) {}
}

@CommandHandler(RecordCoolingDelivery)
export class RecordCoolingDeliveryHandler implements ICommandHandler<RecordCoolingDelivery, CommandResult<CoolingDeliveryView>> {
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ dto, meta }: RecordCoolingDelivery): Promise<CommandResult<CoolingDeliveryView>> {
    const { state: organization } = await this.executor.load(streams.organization(dto.organizationId), organizationDecider);
    const { id: deliveryId, organizationId, site, date, items, workersReached } = dto;
    const { state, events } = await this.executor.execute(
      streams.coolingDelivery(deliveryId),
      coolingDeliveryDecider,
      {
        type: 'RecordCoolingSuppliesDelivered',
        data: { deliveryId, organizationId, site, date, items: plainItems(items), workersReached },
        organization,
      },
      meta,
    );
    return { created: events.length > 0, body: coolingDeliveryView(state) };
  }
}

export class CorrectCoolingDelivery {
  constructor(readonly deliveryId: string, readonly dto: CorrectCoolingDeliveryDto, readonly meta: CommandMeta) {}
}

@CommandHandler(CorrectCoolingDelivery)
export class CorrectCoolingDeliveryHandler implements ICommandHandler<CorrectCoolingDelivery, CommandResult<CoolingDeliveryView>> {
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ deliveryId, dto, meta }: CorrectCoolingDelivery): Promise<CommandResult<CoolingDeliveryView>> {
    const { site, date, items, workersReached, reason } = dto;
    const { state, events } = await this.executor.execute(
      streams.coolingDelivery(deliveryId),
      coolingDeliveryDecider,
      {
        type: 'CorrectCoolingSuppliesDelivery',
        data: {
          deliveryId,
          reason,
          site: site ?? undefined,
          date: date ?? undefined,
          items: items ? plainItems(items) : undefined,
          workersReached: workersReached ?? undefined,
        },
      },
      meta,
    );
    return { created: events.length > 0, body: coolingDeliveryView(state) };
  }
}

export class RecordCoolingInstallation {
  constructor(readonly dto: RecordCoolingInstallationDto, readonly meta: CommandMeta) {}
}

@CommandHandler(RecordCoolingInstallation)
export class RecordCoolingInstallationHandler
  implements ICommandHandler<RecordCoolingInstallation, CommandResult<CoolingInstallationView>>
{
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ dto, meta }: RecordCoolingInstallation): Promise<CommandResult<CoolingInstallationView>> {
    const { state: organization } = await this.executor.load(streams.organization(dto.organizationId), organizationDecider);
    const { id: installationId, organizationId, site, date, kind, quantity } = dto;
    const { state, events } = await this.executor.execute(
      streams.coolingInstallation(installationId),
      coolingInstallationDecider,
      { type: 'RecordCoolingEquipmentInstalled', data: { installationId, organizationId, site, date, kind, quantity }, organization },
      meta,
    );
    return { created: events.length > 0, body: coolingInstallationView(state) };
  }
}

export class CorrectCoolingInstallation {
  constructor(readonly installationId: string, readonly dto: CorrectCoolingInstallationDto, readonly meta: CommandMeta) {}
}

@CommandHandler(CorrectCoolingInstallation)
export class CorrectCoolingInstallationHandler
  implements ICommandHandler<CorrectCoolingInstallation, CommandResult<CoolingInstallationView>>
{
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ installationId, dto, meta }: CorrectCoolingInstallation): Promise<CommandResult<CoolingInstallationView>> {
    const { state, events } = await this.executor.execute(
      streams.coolingInstallation(installationId),
      coolingInstallationDecider,
      { type: 'CorrectCoolingEquipmentInstallation', data: { installationId, ...dto } },
      meta,
    );
    return { created: events.length > 0, body: coolingInstallationView(state) };
  }
}

export function coolingDeliveryView(state: CoolingDeliveryState): CoolingDeliveryView {
  if (state.status !== 'delivered') throw new Error('cooling delivery not recorded');
  return {
    id: state.deliveryId,
    organizationId: state.organizationId,
    site: state.site,
    date: state.date,
    items: plainItems(state.items),
    workersReached: state.workersReached,
  };
}

export function coolingInstallationView(state: CoolingInstallationState): CoolingInstallationView {
  if (state.status !== 'installed') throw new Error('cooling installation not recorded');
  return {
    id: state.installationId,
    organizationId: state.organizationId,
    site: state.site,
    date: state.date,
    kind: state.kind,
    quantity: state.quantity,
  };
}
