import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, ValidateBy, ValidateIf } from 'class-validator';
import { Role, ROLES } from '../../../../libs/access/src/authorize';
import { IsLedgerId, IsText } from '../http/validation';

const INSTANT_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export class IssueTokenDto {
  @ApiProperty({ enum: ROLES, example: 'staff' })
  @IsIn(ROLES)
  role!: Role;

  @ApiProperty({ example: 'chaowai', nullable: true, description: "the principal's scope: an organisation and its subtree, or null for every organisation" })
  @ValidateIf((dto: IssueTokenDto) => dto.organizationId !== null)
  @IsLedgerId()
  organizationId!: string | null;

  @ApiPropertyOptional({ example: '2025-12-31T16:00:00Z', description: 'an ISO-8601 instant with its zone, in the future' })
  @IsOptional()
  @ValidateBy({
    name: 'isFutureInstant',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && INSTANT_WITH_ZONE.test(value) && Date.parse(value) > Date.now(),
      defaultMessage: () => 'expiresAt must be an ISO-8601 instant with its zone, in the future',
    },
  })
  expiresAt?: string;

  @ApiPropertyOptional({ example: 'Chaowai door tablet', description: 'what the token is for; not a person\'s name' })
  @IsOptional()
  @IsText()
  label?: string;
}

export class AccessTokenView {
  @ApiProperty({ example: 'tok-4f3a9c0e1b2d' }) id!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ nullable: true, type: String }) organizationId!: string | null;
  @ApiPropertyOptional() label?: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ description: 'the principal that issued it' }) createdBy!: string;
  @ApiPropertyOptional() expiresAt?: string;
  @ApiPropertyOptional() revokedAt?: string;
}

export class IssuedTokenView extends AccessTokenView {
  @ApiProperty({ description: 'the bearer token itself: shown in this answer only, never again (the ledger keeps its hash)' })
  token!: string;
}

export class TokenParamsDto {
  @IsLedgerId() id!: string;
}
