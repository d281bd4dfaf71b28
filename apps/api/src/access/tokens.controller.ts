import { Body, Controller, Delete, Get, HttpStatus, Inject, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { randomBytes } from 'node:crypto';
import { Principal } from '../../../../libs/access/src/authorize';
import { issueToken } from '../../../../libs/access/src/token';
import { AccessToken, TokenRegistry } from '../../../../libs/access/src/token-registry.port';
import { LedgerHttpError } from '../http/error-body';
import { CurrentPrincipal } from '../http/request-context';
import { AnswerNotKept } from '../http/idempotency.interceptor';
import { TOKEN_REGISTRY } from '../ledger.providers';
import { Access } from './access-rule';
import { OrganizationTree } from './organization-tree';
import { target } from './targets';
import { AccessTokenView, IssuedTokenView, IssueTokenDto, TokenParamsDto } from './tokens.dto';

@ApiTags('admin 管理')
@Controller('admin/tokens')
export class TokensController {
  constructor(
    @Inject(TOKEN_REGISTRY) private readonly registry: TokenRegistry,
    private readonly tree: OrganizationTree,
  ) {}

  @Post()
  @Access('administer', target.body(['organizationId'], 'ledger'))
  @AnswerNotKept()
  @ApiOperation({ summary: 'Issue a bearer token for a role and an organisation scope; the token is in this answer only' })
  @ApiCreatedResponse({ type: IssuedTokenView })
  async issue(@Body() dto: IssueTokenDto, @CurrentPrincipal() issuer: Principal): Promise<IssuedTokenView> {
    if (dto.organizationId !== null && (await this.tree.lineage(dto.organizationId)) === undefined) {
      throw new LedgerHttpError(HttpStatus.UNPROCESSABLE_ENTITY, `organisation ${dto.organizationId} does not exist`, [
        { field: 'organizationId', rule: 'exists' },
      ]);
    }
    const { token, hash } = issueToken();
    const issued: AccessToken = {
      id: `tok-${randomBytes(6).toString('hex')}`,
      role: dto.role,
      organizationId: dto.organizationId,
      ...(dto.label !== undefined && { label: dto.label }),
      createdAt: new Date().toISOString(),
      createdBy: issuer.id,
      ...(dto.expiresAt !== undefined && { expiresAt: new Date(dto.expiresAt).toISOString() }),
    };
    if (!(await this.registry.register(issued, hash))) throw new Error('a fresh random token id or hash was taken');
    return { ...issued, token };
  }

  @Get()
  @Access('administer')
  @ApiOperation({ summary: "The tokens issued within this admin's scope (never the tokens themselves)" })
  @ApiOkResponse({ type: AccessTokenView, isArray: true })
  async list(@CurrentPrincipal() admin: Principal): Promise<{ tokens: AccessTokenView[] }> {
    const tokens = await this.registry.list();
    if (admin.organizationId === null) return { tokens };
    const visible: AccessTokenView[] = [];
    for (const token of tokens) {
      if (token.organizationId !== null && (await this.tree.lineage(token.organizationId))?.includes(admin.organizationId)) visible.push(token);
    }
    return { tokens: visible };
  }

  @Delete(':id')
  @Access('administer', target.tokenScope('id'))
  @ApiOperation({ summary: 'Revoke a token: it stops working at once, on every API instance' })
  @ApiOkResponse({ type: AccessTokenView })
  async revoke(@Param() { id }: TokenParamsDto): Promise<AccessTokenView> {
    const revoked = await this.registry.revoke(id, new Date().toISOString());
    if (!revoked) throw new LedgerHttpError(HttpStatus.NOT_FOUND, `token ${id} does not exist`, [{ field: 'id', rule: 'exists' }]);
    return revoked;
  }
}
