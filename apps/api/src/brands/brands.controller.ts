import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Meta } from '../http/request-context';
import { CommandMeta } from '../write/command-executor';
import { respond } from '../write/command-result';
import { CorrectProgrammeBrand, RegisterProgrammeBrand } from './brands.commands';
import { CorrectProgrammeBrandDto, ProgrammeBrandView, RegisterProgrammeBrandDto } from './brands.dto';
import { Access } from '../access/access-rule';
import { target } from '../access/targets';
import { streams } from '../write/streams';

@ApiTags('brands 活动品牌')
@Controller('brands')
export class BrandsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Access('administer', target.body(['organizationId']))
  @ApiOperation({ summary: 'Register a programme brand under which an organisation runs several courses (ProgrammeBrandRegistered)' })
  @ApiOkResponse({ type: ProgrammeBrandView, description: '201 when registered, 200 when it is a retry' })
  async register(@Body() dto: RegisterProgrammeBrandDto, @Meta() meta: CommandMeta, @Res({ passthrough: true }) res: Response) {
    return respond(res, await this.commands.execute(new RegisterProgrammeBrand(dto, meta)));
  }

  @Post(':brandId/corrections')
  @Access('administer', target.owner(streams.programmeBrand, ['brandId']))
  @ApiOperation({ summary: "Correct a brand's name or description (ProgrammeBrandCorrected)" })
  @ApiOkResponse({ type: ProgrammeBrandView })
  async correct(
    @Param('brandId') brandId: string,
    @Body() dto: CorrectProgrammeBrandDto,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) res: Response,
  ) {
    return respond(res, await this.commands.execute(new CorrectProgrammeBrand(brandId, dto, meta)));
  }
}
