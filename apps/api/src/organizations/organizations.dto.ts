import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ORGANIZATION_LEVELS, OrganizationLevel } from '../../../../libs/domain/src/organization/organization.events';
import { IsCalendarDate, IsLedgerId, IsText } from '../http/validation';

export class RegisterOrganizationDto {
  @ApiProperty({ example: 'chaowai', description: 'chosen by the client, so a retried create is recognisable' })
  @IsLedgerId()
  id!: string;

  @ApiProperty({ example: '朝外街道总工会 Chaowai Street Union' })
  @IsText()
  name!: string;

  @ApiProperty({ enum: ORGANIZATION_LEVELS })
  @IsIn(ORGANIZATION_LEVELS)
  level!: OrganizationLevel;

  @ApiPropertyOptional({ example: 'chaoyang', description: 'absent for the root of a tree' })
  @IsOptional()
  @IsLedgerId()
  parentId?: string;
}

export class MoveOrganizationDto {
  @ApiProperty({ example: 'chaoyang', description: 'the organisation it sits under from effectiveDate on' })
  @IsLedgerId()
  newParentId!: string;

  @ApiProperty({ example: '2024-07-01', description: 'from this date on; not in the future, not before its last move' })
  @IsCalendarDate()
  effectiveDate!: string;
}

export class RenameOrganizationDto {
  @ApiProperty({ example: '朝外地区工会联合会 Chaowai Area Union Federation' })
  @IsText()
  name!: string;

  @ApiProperty({ example: '2024-07-01', description: 'from this date on; not in the future' })
  @IsCalendarDate()
  effectiveDate!: string;
}

export class OrganizationView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ORGANIZATION_LEVELS }) level!: OrganizationLevel;
  @ApiProperty({ nullable: true, type: String }) parentId!: string | null;
}

export class OrganizationTreeQueryDto {
  @ApiPropertyOptional({ example: 'chaoyang', description: 'this organisation and its subtree; the whole tree when absent' })
  @IsOptional()
  @IsLedgerId()
  under?: string;
}

export class OrganizationTreeView {
  @ApiProperty({ type: [OrganizationView], description: "today's tree: parents before their children, siblings by name" })
  organizations!: OrganizationView[];
}
