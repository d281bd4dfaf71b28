import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { auditChainProjection, sealedDigest } from '../../../../libs/audit/src/audit-chain.projection';
import { verifyLedger } from '../../../../libs/audit/src/verify-ledger';
import { EventStore } from '../../../../libs/event-store/src/event-store.port';
import { ProjectionManager } from '../../../../libs/projections/src/projection-manager';
import { ReadModelStore } from '../../../../libs/projections/src/read-model.port';
import { EVENT_STORE, READ_MODELS } from '../ledger.providers';
import { VerifyQueryDto } from './audit.dto';
import { Access } from '../access/access-rule';
import { target } from '../access/targets';

@ApiTags('audit 审计')
@Controller('audit')
export class AuditController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly readModels: ReadModelStore,
    private readonly projections: ProjectionManager,
  ) {}

  @Get('digest')
  @Access('authenticated')
  @ApiOperation({
    summary: 'The hash chain head: {position, hash, eventCount}, to keep outside the ledger',
    description: 'The chain as sealed so far (the sealer follows the log like a projection); null fields before any event.',
  })
  async digest() {
    const namespace = this.projections.namespace(auditChainProjection.name);
    const digest = await sealedDigest((sql, params) => this.readModels.query(namespace, sql, params));
    return digest ?? { position: null, hash: null, eventCount: 0 };
  }

  @Get('verify')
  @Access('read-history', target.ledger())
  @ApiOperation({
    summary: 'Replays the log and checks every content hash and the chain; optionally a saved digest',
    description:
      'ok:false names the first bad position and the kind: altered_payload, altered_metadata, missing_event, ' +
      'reordered_events, inserted_event, altered_seal, altered_content. With position, hash and eventCount, also ' +
      'says whether the log up to that digest still hashes to it.',
  })
  async verify(@Query() query: VerifyQueryDto) {
    const digest = query.toDigest();
    const namespace = this.projections.namespace(auditChainProjection.name);
    return verifyLedger(this.store, this.readModels, namespace, { digest });
  }
}
