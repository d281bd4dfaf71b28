import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import {
  MEMBER_CHANNELS,
  MemberChannel,
  WORKER_CATEGORIES,
  WorkerCategory,
} from '../../../../libs/domain/src/membership/membership.events';
import { IsCalendarDate, IsLedgerId } from '../http/validation';

export class RecordMemberJoinedDto {
  @ApiProperty({ example: 'w-7f3a9c', description: 'pseudonymous worker id; never a name or phone number' })
  @IsLedgerId()
  workerId!: string;

  @ApiProperty({ example: 'yuquanying' }) @IsLedgerId() organizationId!: string;
  @ApiProperty({ example: '2024-05-18' }) @IsCalendarDate() date!: string;
  @ApiProperty({ enum: MEMBER_CHANNELS }) @IsIn(MEMBER_CHANNELS) channel!: MemberChannel;
  @ApiProperty({ enum: WORKER_CATEGORIES }) @IsIn(WORKER_CATEGORIES) category!: WorkerCategory;
}

export class MemberView {
  @ApiProperty() workerId!: string;
  @ApiProperty() organizationId!: string;
  @ApiProperty() date!: string;
  @ApiProperty({ enum: MEMBER_CHANNELS }) channel!: MemberChannel;
  @ApiProperty({ enum: WORKER_CATEGORIES }) category!: WorkerCategory;
}

export class MembershipVoidedView {
  @ApiProperty() workerId!: string;
  @ApiProperty() organizationId!: string;
  @ApiProperty({ enum: ['voided'] }) status!: 'voided';
}
