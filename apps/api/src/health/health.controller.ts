import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { EventStore } from '../../../../libs/event-store/src/event-store.port';
import { encodePosition, LogPosition } from '../../../../libs/event-store/src/position';
import { ProjectionManager } from '../../../../libs/projections/src/projection-manager';
import { EVENT_STORE } from '../ledger.providers';
import { Public } from '../access/access-rule';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projections: ProjectionManager,
  ) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'Liveness and readiness',
    description:
      '200 while the event store and the read models answer (ready), 503 naming the one that does not; says whether projections have caught up.',
  })
  async health(@Res({ passthrough: true }) res: Response) {
    let head: LogPosition | undefined;
    try {
      head = await this.store.headPosition();
    } catch (error) {
      res.status(503);
      return { status: 'unavailable', live: true, ready: false, store: { reachable: false, error: messageOf(error) } };
    }
    const store = { reachable: true, headPosition: head ? encodePosition(head) : null };
    try {
      const projections = await this.projections.status();
      const lag = Math.max(0, ...projections.map((p) => p.lag));
      return { status: 'ok', live: true, ready: true, store, readModels: { reachable: true }, projections: { caughtUp: lag === 0, lag } };
    } catch (error) {
      res.status(503);
      return { status: 'unavailable', live: true, ready: false, store, readModels: { reachable: false, error: messageOf(error) } };
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
