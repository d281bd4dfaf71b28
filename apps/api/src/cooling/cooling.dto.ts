import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayNotEmpty, IsArray, IsInt, IsOptional } from 'class-validator';
import { EachIsNested, IsCalendarDate, IsLedgerId, IsText } from '../http/validation';

export class CoolingItemDto {
  @ApiProperty({ example: '绿豆汤 mung bean soup' }) @IsText() item!: string;
  @ApiProperty({ example: 200, description: 'a whole number from 1 to 1,000,000' }) @IsInt() quantity!: number;
  @ApiProperty({ example: 'bottle 瓶' }) @IsText() unit!: string;
}

export class RecordCoolingDeliveryDto {
  @ApiProperty({ example: 'sleeper-workshop-supplies-2024-07', description: 'chosen by the client, so a retried create is recognisable' })
  @IsLedgerId()
  id!: string;

  @ApiProperty({ example: 'railway-maintenance' }) @IsLedgerId() organizationId!: string;
  @ApiProperty({ example: '轨枕更换车间 sleeper-renewal workshop' }) @IsText() site!: string;
  @ApiProperty({ example: '2024-07-09' }) @IsCalendarDate() date!: string;

  @ApiProperty({
    type: [CoolingItemDto],
    description: 'what was handed out: 1 to 50 items, each item and unit once',
  })
  @IsArray()
  @ArrayNotEmpty()
  @EachIsNested(() => CoolingItemDto)
  items!: CoolingItemDto[];

  @ApiProperty({ example: 86, description: 'workers reached: a whole number from 1 to 100,000' })
  @IsInt()
  workersReached!: number;
}

export class CorrectCoolingDeliveryDto {
  @ApiPropertyOptional() @IsOptional() @IsText() site?: string;
  @ApiPropertyOptional() @IsOptional() @IsCalendarDate() date?: string;

  @ApiPropertyOptional({ type: [CoolingItemDto], description: 'the whole corrected list of items' })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @EachIsNested(() => CoolingItemDto)
  items?: CoolingItemDto[];

  @ApiPropertyOptional() @IsOptional() @IsInt() workersReached?: number;
  @ApiProperty({ example: 'ten cases were counted twice' }) @IsText() reason!: string;
}

export class CoolingItemView {
  @ApiProperty() item!: string;
  @ApiProperty() quantity!: number;
  @ApiProperty() unit!: string;
}

export class CoolingDeliveryView {
  @ApiProperty() id!: string;
  @ApiProperty() organizationId!: string;
  @ApiProperty() site!: string;
  @ApiProperty() date!: string;
  @ApiProperty({ type: [CoolingItemView] }) items!: CoolingItemView[];
  @ApiProperty() workersReached!: number;
}

export class RecordCoolingInstallationDto {
  @ApiProperty({ example: 'rail-welding-air-coolers-2024', description: 'chosen by the client, so a retried create is recognisable' })
  @IsLedgerId()
  id!: string;

  @ApiProperty({ example: 'railway-maintenance' }) @IsLedgerId() organizationId!: string;
  @ApiProperty({ example: '钢轨焊接线 rail-welding line' }) @IsText() site!: string;
  @ApiProperty({ example: '2024-07-08' }) @IsCalendarDate() date!: string;
  @ApiProperty({ example: '冷风机 air cooler', description: 'the kind of equipment' }) @IsText() kind!: string;
  @ApiProperty({ example: 16, description: 'a whole number from 1 to 100,000' }) @IsInt() quantity!: number;
}

export class CorrectCoolingInstallationDto {
  @ApiPropertyOptional() @IsOptional() @IsText() site?: string;
  @ApiPropertyOptional() @IsOptional() @IsCalendarDate() date?: string;
  @ApiPropertyOptional() @IsOptional() @IsText() kind?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() quantity?: number;
  @ApiProperty({ example: 'two coolers were counted twice' }) @IsText() reason!: string;
}

export class CoolingInstallationView {
  @ApiProperty() id!: string;
  @ApiProperty() organizationId!: string;
  @ApiProperty() site!: string;
  @ApiProperty() date!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() quantity!: number;
}
