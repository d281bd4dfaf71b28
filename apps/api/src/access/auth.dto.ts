import { ApiProperty } from '@nestjs/swagger';
import { ValidateBy } from 'class-validator';
import { Role, ROLES } from '../../../../libs/access/src/authorize';
import { normaliseDeviceCode } from '../../../../libs/access/src/device-code';
import { DEVICE_ROLES } from './device-codes.dto';

/** Who the bearer token is, for an app to show and to decide what to offer: nothing here is a secret. */
export class PrincipalView {
  @ApiProperty({ example: 'tok-4f3a9c0e1b2d', description: "the token's id; env-bootstrap for the LEDGER_BOOTSTRAP_TOKEN secret" }) id!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ nullable: true, type: String, description: 'its scope: an organisation and its subtree, or null for every organisation' }) organizationId!: string | null;
  @ApiProperty({ nullable: true, type: String }) label!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'when the token stops working; null: never' }) expiresAt!: string | null;
}

export class RedeemDeviceCodeDto {
  @ApiProperty({ example: 'K7QM-4TZP', description: 'as shown, or typed loosely: any case, with or without the hyphen; O for 0 and I or L for 1 are read as meant' })
  @ValidateBy({
    name: 'isDeviceCode',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && normaliseDeviceCode(value) !== undefined,
      defaultMessage: () => 'code must be 8 characters of Crockford base32, as XXXX-XXXX',
    },
  })
  code!: string;
}

export class RedeemedDeviceTokenView {
  @ApiProperty({ example: 'tok-4f3a9c0e1b2d' }) id!: string;
  @ApiProperty({ description: 'the bearer token: shown in this answer only, never again (the ledger keeps its hash)' }) token!: string;
  @ApiProperty({ enum: DEVICE_ROLES }) role!: Role;
  @ApiProperty() organizationId!: string;
  @ApiProperty({ example: 'device: door tablet' }) label!: string;
  @ApiProperty({ description: 'when the token stops working: validForHours after the redemption' }) expiresAt!: string;
}
