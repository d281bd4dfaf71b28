import { Body, Controller, DynamicModule, HttpCode, HttpStatus, Module, Post } from '@nestjs/common';
import { IsInt } from 'class-validator';
import { Access } from '../apps/api/src/access/access-rule';
import { target } from '../apps/api/src/access/targets';
import { AppModule } from '../apps/api/src/app.module';
import { LedgerConfig } from '../apps/api/src/config';
import { IsCalendarDate, IsLedgerId, IsText } from '../apps/api/src/http/validation';

/**
 * The no-op baseline's body: the same fields and validators as RecordMealsServedDto, so that the
 * no-op request parses, validates and serialises exactly what the measured command does, and the
 * ratio isolates the command itself (bus, stream reads, decider, durable append).
 */
export class NoopDto {
  @IsLedgerId() id!: string;
  @IsLedgerId() organizationId!: string;
  @IsText() partner!: string;
  @IsCalendarDate() date!: string;
  @IsInt() meals!: number;
  @IsText() recipientGroup!: string;
}

@Controller('bench')
export class NoopController {
  /**
   * The access rule of POST /meals, so that the no-op pays the same access check (token, role, the
   * organisation's place in the tree, the write rate limiter) and the ratio leaves it out of the
   * command's cost. Without a rule the access guard would refuse every request (403).
   */
  @Post('noop')
  @Access('record', target.body(['organizationId']))
  @HttpCode(HttpStatus.CREATED)
  noop(@Body() dto: NoopDto): NoopDto {
    return dto;
  }
}

/** The real application plus the no-op route, served through the same configureApp pipeline. */
@Module({})
export class BenchAppModule {
  static forRoot(config: LedgerConfig): DynamicModule {
    return { module: BenchAppModule, imports: [AppModule.forRoot(config)], controllers: [NoopController] };
  }
}
