import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access } from '../access/access-rule';
import { target } from '../access/targets';
import { streams } from '../write/streams';
import { Meta } from '../http/request-context';
import { CommandMeta } from '../write/command-executor';
import { respond } from '../write/command-result';
import { ForgetPerson, KeepContactDetails, ReadContactDetails } from './people.commands';
import { ContactView, ForgetPersonDto, KeepContactDetailsDto, PersonForgottenView, PersonParamsDto } from './people.dto';

@ApiTags('people 个人信息')
@Controller('people')
export class PeopleController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':participantId/contact')
  // Both the organisation named and the one already keeping the details (if another) must be in scope.
  @Access('record', target.body(['organizationId']), target.contactOwner('participantId'))
  @ApiOperation({ summary: "Keep a participant's contact details, encrypted under the person's own key, outside the log (ContactDetailsKept)" })
  @ApiOkResponse({ type: ContactView })
  async keep(@Param() { participantId }: PersonParamsDto, @Body() dto: KeepContactDetailsDto, @Meta() meta: CommandMeta, @Res({ passthrough: true }) res: Response) {
    return respond(res, await this.commands.execute(new KeepContactDetails(participantId, dto, meta)));
  }

  @Get(':participantId/contact')
  @Access('read-contacts', target.contactOwner('participantId'))
  @ApiOperation({ summary: "Read a participant's contact details: staff of the owning organisation only; every read is recorded (ContactDetailsViewed)" })
  @ApiOkResponse({ type: ContactView })
  async read(@Param() { participantId }: PersonParamsDto, @Meta() meta: CommandMeta): Promise<ContactView> {
    return this.commands.execute(new ReadContactDetails(participantId, meta));
  }

  @Post(':participantId/forget')
  // The owner as the person's stream first recorded it: it outlives the vault's copy, so a retry finds it.
  // A person nobody kept details for belongs to no organisation: forgetting them is for an admin of all.
  @Access('administer', target.owner(streams.person, ['participantId'], (data) => data.organizationId, 'ledger'))
  @ApiOperation({
    summary: 'Forget a person (PersonForgotten): their key and contact details are destroyed; their pseudonymous id stays counted',
    description: 'An admin of the organisation keeping the details may; for a person with none kept, an admin of every organisation. 201 when forgotten, 200 when already.',
  })
  @ApiOkResponse({ type: PersonForgottenView })
  async forget(@Param() { participantId }: PersonParamsDto, @Body() dto: ForgetPersonDto, @Meta() meta: CommandMeta, @Res({ passthrough: true }) res: Response) {
    return respond(res, await this.commands.execute(new ForgetPerson(participantId, dto.grounds, meta)));
  }
}
