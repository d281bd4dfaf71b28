import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Meta } from '../http/request-context';
import { CommandMeta } from '../write/command-executor';
import { respond } from '../write/command-result';
import {
  CorrectCoolingDelivery,
  CorrectCoolingInstallation,
  RecordCoolingDelivery,
  RecordCoolingInstallation,
} from './cooling.commands';
import {
  CoolingDeliveryView,
  CoolingInstallationView,
  CorrectCoolingDeliveryDto,
  CorrectCoolingInstallationDto,
  RecordCoolingDeliveryDto,
  RecordCoolingInstallationDto,
} from './cooling.dto';
import { Access } from '../access/access-rule';
import { target } from '../access/targets';
import { streams } from '../write/streams';

@ApiTags('cooling 夏送清凉')
@Controller('cooling')
export class CoolingController {
  constructor(private readonly commands: CommandBus) {}

  @Post('deliveries')
  @Access('record', target.body(['organizationId']))
  @ApiOperation({ summary: 'Record supplies against the heat handed out at a site, and to how many workers (CoolingSuppliesDelivered)' })
  @ApiOkResponse({ type: CoolingDeliveryView, description: '201 when recorded, 200 when it is a retry' })
  async recordDelivery(@Body() dto: RecordCoolingDeliveryDto, @Meta() meta: CommandMeta, @Res({ passthrough: true }) res: Response) {
    return respond(res, await this.commands.execute(new RecordCoolingDelivery(dto, meta)));
  }

  @Post('deliveries/:deliveryId/corrections')
  @Access('record', target.owner(streams.coolingDelivery, ['deliveryId']))
  @ApiOperation({ summary: "Correct a delivery's details; the fields given replace the recorded ones (CoolingSuppliesDeliveryCorrected)" })
  @ApiOkResponse({ type: CoolingDeliveryView })
  async correctDelivery(
    @Param('deliveryId') deliveryId: string,
    @Body() dto: CorrectCoolingDeliveryDto,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) res: Response,
  ) {
    return respond(res, await this.commands.execute(new CorrectCoolingDelivery(deliveryId, dto, meta)));
  }

  @Post('installations')
  @Access('record', target.body(['organizationId']))
  @ApiOperation({ summary: 'Record equipment against the heat installed at a site (CoolingEquipmentInstalled)' })
  @ApiOkResponse({ type: CoolingInstallationView, description: '201 when recorded, 200 when it is a retry' })
  async recordInstallation(
    @Body() dto: RecordCoolingInstallationDto,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) res: Response,
  ) {
    return respond(res, await this.commands.execute(new RecordCoolingInstallation(dto, meta)));
  }

  @Post('installations/:installationId/corrections')
  @Access('record', target.owner(streams.coolingInstallation, ['installationId']))
  @ApiOperation({
    summary: "Correct an installation's details; the fields given replace the recorded ones (CoolingEquipmentInstallationCorrected)",
  })
  @ApiOkResponse({ type: CoolingInstallationView })
  async correctInstallation(
    @Param('installationId') installationId: string,
    @Body() dto: CorrectCoolingInstallationDto,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) res: Response,
  ) {
    return respond(res, await this.commands.execute(new CorrectCoolingInstallation(installationId, dto, meta)));
  }
}
