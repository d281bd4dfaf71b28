import { HttpStatus } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Matches, Min } from 'class-validator';
import { ChainDigest } from '../../../../libs/audit/src/hash-chain';
import { LedgerHttpError } from '../http/error-body';
import { ToInteger } from '../http/validation';

/** A saved digest to check the log against: all three fields, or none. */
export class VerifyQueryDto {
  @ApiPropertyOptional({ example: '1503', description: "the digest's position, as GET /audit/digest gave it" })
  @IsOptional()
  @Matches(/^\d{1,20}(:\d{1,20})?$/, { message: 'position must be a log position such as 42 or 42:40' })
  position?: string;

  @ApiPropertyOptional({ example: 'sha256:…', description: "the digest's hash" })
  @IsOptional()
  @Matches(/^sha256:[0-9a-f]{64}$/, { message: 'hash must be sha256: followed by 64 lowercase hex digits' })
  hash?: string;

  @ApiPropertyOptional({ example: 1503, description: 'how many events the digest covers' })
  @IsOptional()
  @ToInteger()
  @IsInt()
  @Min(1)
  eventCount?: number;

  toDigest(): ChainDigest | undefined {
    const given = [this.position, this.hash, this.eventCount].filter((value) => value !== undefined).length;
    if (given === 0) return undefined;
    if (given < 3) {
      const missing = (['position', 'hash', 'eventCount'] as const).filter((field) => this[field] === undefined);
      throw new LedgerHttpError(HttpStatus.BAD_REQUEST, 'a digest needs position, hash and eventCount together', missing.map((field) => ({ field, rule: 'digestComplete' })));
    }
    return { position: this.position!, hash: this.hash!, eventCount: this.eventCount! };
  }
}
