import { Body, Controller, HttpStatus, Inject, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Principal } from '../../../../libs/access/src/authorize';
import { DEVICE_CODE_LIFETIME_MS, issueDeviceCode } from '../../../../libs/access/src/device-code';
import { DeviceCode, TokenRegistry } from '../../../../libs/access/src/token-registry.port';
import { LedgerHttpError } from '../http/error-body';
import { AnswerNotKept } from '../http/idempotency.interceptor';
import { CurrentPrincipal } from '../http/request-context';
import { TOKEN_REGISTRY } from '../ledger.providers';
import { Access } from './access-rule';
import { OrganizationTree } from './organization-tree';
import { target } from './targets';
import { IssuedDeviceCodeView, IssueDeviceCodeDto } from './device-codes.dto';

/**
 * Eight characters is 2^40 codes: a fresh one meets a code issued before (every code is kept, used
 * or not) only once in many millions of issues. Drawing again a couple of times makes that a
 * non-event rather than an error.
 */
const DRAWS = 3;

@ApiTags('admin 管理')
@Controller('admin/device-codes')
export class DeviceCodesController {
  constructor(
    @Inject(TOKEN_REGISTRY) private readonly registry: TokenRegistry,
    private readonly tree: OrganizationTree,
  ) {}

  @Post()
  @Access('administer', target.body(['organizationId']))
  @AnswerNotKept()
  @ApiOperation({
    summary: 'Issue a one-time code a tablet redeems for a token (POST /auth/device-codes/redeem) within 10 minutes; the code is in this answer only',
  })
  @ApiCreatedResponse({ type: IssuedDeviceCodeView })
  async issue(@Body() dto: IssueDeviceCodeDto, @CurrentPrincipal() issuer: Principal): Promise<IssuedDeviceCodeView> {
    if ((await this.tree.lineage(dto.organizationId)) === undefined) {
      throw new LedgerHttpError(HttpStatus.UNPROCESSABLE_ENTITY, `organisation ${dto.organizationId} does not exist`, [
        { field: 'organizationId', rule: 'exists' },
      ]);
    }
    const now = Date.now();
    const role = dto.role ?? 'staff';
    const issued: DeviceCode = {
      role,
      organizationId: dto.organizationId,
      ...(dto.label !== undefined && { label: dto.label }),
      validForHours: dto.validForHours ?? 12,
      createdAt: new Date(now).toISOString(),
      createdBy: issuer.id,
      expiresAt: new Date(now + DEVICE_CODE_LIFETIME_MS).toISOString(),
    };
    for (let draw = 0; draw < DRAWS; draw++) {
      const { code, hash } = issueDeviceCode();
      if (await this.registry.registerDeviceCode(issued, hash)) {
        return { code, expiresAt: issued.expiresAt, organizationId: issued.organizationId, role, label: issued.label ?? null };
      }
    }
    throw new Error(`${DRAWS} fresh random device codes were all taken`);
  }
}
