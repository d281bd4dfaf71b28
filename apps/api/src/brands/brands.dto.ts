import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsLedgerId, IsText } from '../http/validation';

export class RegisterProgrammeBrandDto {
  @ApiProperty({ example: 'chaowai-lunch-hour', description: 'chosen by the client, so a retried create is recognisable' })
  @IsLedgerId()
  id!: string;

  @ApiProperty({ example: 'chaowai', description: 'the organisation that runs the programme' })
  @IsLedgerId()
  organizationId!: string;

  @ApiProperty({ example: '朝外“午间一小时” Chaowai lunch hour' })
  @IsText()
  name!: string;

  @ApiPropertyOptional({ example: '二十余类午间活动 20-odd kinds of lunchtime activity' })
  @IsOptional()
  @IsText()
  description?: string;
}

export class CorrectProgrammeBrandDto {
  @ApiPropertyOptional({ description: 'the corrected name; absent keeps it' })
  @IsOptional()
  @IsText()
  name?: string;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'the corrected description; absent keeps it, null removes it' })
  @IsOptional()
  @IsText()
  description?: string | null;

  @ApiProperty({ example: 'name misspelt' })
  @IsText()
  reason!: string;
}

export class ProgrammeBrandView {
  @ApiProperty() id!: string;
  @ApiProperty() organizationId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
}
