import { Body, Controller, Get, HttpStatus, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { randomBytes } from 'node:crypto';
import { Principal } from '../../../../libs/access/src/authorize';
import { hashDeviceCode } from '../../../../libs/access/src/device-code';
import { WriteRateLimiter } from '../../../../libs/access/src/rate-limit';
import { issueToken } from '../../../../libs/access/src/token';
import { AccessToken, TokenRegistry } from '../../../../libs/access/src/token-registry.port';
import { LedgerHttpError } from '../http/error-body';
import { AnswerNotKept } from '../http/idempotency.interceptor';
import { CurrentPrincipal } from '../http/request-context';
import { TOKEN_REGISTRY } from '../ledger.providers';
import { Access, Public } from './access-rule';
import { PrincipalView, RedeemDeviceCodeDto, RedeemedDeviceTokenView } from './auth.dto';

/** The one public route that reads a body: configure-app.ts parses it for requests without a token, and only it. */
export const REDEEM_DEVICE_CODE_PATH = '/auth/device-codes/redeem';

/**
 * Redemption attempts per client address and API process: 10 at once, then one every 6 seconds.
 * Plenty for a person typing a code; against guessing, at most 14,400 tries a day per address
 * among 2^40 codes, each alive for 10 minutes.
 */
const REDEEM_ATTEMPTS = { perSecond: 10 / 60, burst: 10 };

@ApiTags('auth 登录')
@Controller()
export class AuthController {
  private readonly attempts = new WriteRateLimiter(REDEEM_ATTEMPTS);

  constructor(@Inject(TOKEN_REGISTRY) private readonly registry: TokenRegistry) {}

  @Get('auth/me')
  @Access('authenticated')
  @ApiOperation({ summary: 'Who the bearer token is: its id, role, organisation scope, label and expiry' })
  @ApiOkResponse({ type: PrincipalView })
  async me(@CurrentPrincipal() principal: Principal): Promise<PrincipalView> {
    // The principal carries what decisions need; the label is the registry's (none for the environment's secret).
    const token = await this.registry.find(principal.id);
    return {
      id: principal.id,
      role: principal.role,
      organizationId: principal.organizationId,
      label: token?.label ?? null,
      expiresAt: principal.expiresAt ?? null,
    };
  }

  @Post(REDEEM_DEVICE_CODE_PATH)
  @Public()
  @AnswerNotKept()
  @ApiOperation({
    summary: 'Exchange a one-time device code (POST /admin/device-codes) for a bearer token; the token is in this answer only',
    description: 'Needs no token. 401 for a code that is unknown, used or expired; 429 after 10 attempts a minute from one address.',
    security: [],
  })
  @ApiCreatedResponse({ type: RedeemedDeviceTokenView })
  async redeem(
    @Body() dto: RedeemDeviceCodeDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RedeemedDeviceTokenView> {
    this.limitAttempts(request, response);
    const now = new Date();
    const code = await this.registry.redeemDeviceCode(hashDeviceCode(dto.code)!, now.toISOString());
    if (code === undefined) {
      response.setHeader('WWW-Authenticate', 'Bearer realm="activity-ledger"');
      throw new LedgerHttpError(HttpStatus.UNAUTHORIZED, 'the code is not known, was used already, or has expired', [{ field: 'code', rule: 'knownCode' }]);
    }
    // The code is spent before the token exists: should registering fail, the tablet asks for a new
    // code, and no code can ever give two tokens.
    const { token, hash } = issueToken();
    const issued = {
      id: `tok-${randomBytes(6).toString('hex')}`,
      role: code.role,
      organizationId: code.organizationId,
      label: code.label === undefined ? 'device' : `device: ${code.label}`,
      expiresAt: new Date(now.getTime() + code.validForHours * 3_600_000).toISOString(),
    };
    const registered: AccessToken = { ...issued, createdAt: now.toISOString(), createdBy: code.createdBy };
    if (!(await this.registry.register(registered, hash))) throw new Error('a fresh random token id or hash was taken');
    return { ...issued, token };
  }

  private limitAttempts(request: Request, response: Response): void {
    // The socket's address: behind a proxy, every client shares the proxy's, and so one allowance.
    const decision = this.attempts.take(request.ip ?? request.socket.remoteAddress ?? 'unknown', Date.now());
    if (decision.allowed) return;
    response.setHeader('Retry-After', String(decision.retryAfterSeconds));
    throw new LedgerHttpError(HttpStatus.TOO_MANY_REQUESTS, `too many attempts at a code from this address; retry in ${decision.retryAfterSeconds} s`, [
      { field: 'code', rule: 'redeemRate' },
    ]);
  }
}
