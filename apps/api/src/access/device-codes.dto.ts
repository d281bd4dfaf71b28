import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsLedgerId, IsText } from '../http/validation';

/** Who a tablet may be: it records (staff) or reads figures (analyst); an admin's or auditor's token is never handed to a device. */
export const DEVICE_ROLES = ['staff', 'analyst'] as const;
export type DeviceRole = (typeof DEVICE_ROLES)[number];

export class IssueDeviceCodeDto {
  @ApiProperty({ example: 'chaowai', description: 'the organisation (and its subtree) the tablet will act for' })
  @IsLedgerId()
  organizationId!: string;

  @ApiPropertyOptional({ enum: DEVICE_ROLES, default: 'staff' })
  @IsOptional()
  @IsIn(DEVICE_ROLES)
  role?: DeviceRole;

  @ApiPropertyOptional({ example: 'door tablet', description: "which device; its token is labelled 'device: <label>'" })
  @IsOptional()
  @IsText()
  label?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 168, default: 12, description: 'how many hours the token issued on redemption works' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(168)
  validForHours?: number;
}

export class IssuedDeviceCodeView {
  @ApiProperty({ example: 'K7QM-4TZP', description: 'shown in this answer only (the ledger keeps its hash); typed into the tablet once' })
  code!: string;
  @ApiProperty({ description: 'when the code stops being redeemable: 10 minutes after it was issued' }) expiresAt!: string;
  @ApiProperty() organizationId!: string;
  @ApiProperty({ enum: DEVICE_ROLES }) role!: DeviceRole;
  @ApiProperty({ nullable: true, type: String }) label!: string | null;
}
