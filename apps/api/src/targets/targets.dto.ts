import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, ValidateBy, ValidationOptions } from 'class-validator';
import { TARGET_MEASURES, TargetMeasure } from '../../../../libs/domain/src/target/target.events';
import { IsLedgerId } from '../http/validation';

/** A year, `YYYY`, as a string. */
const IsYear = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isYear',
      validator: {
        validate: (value) => typeof value === 'string' && /^\d{4}$/.test(value),
        defaultMessage: (args) => `${args?.property} must be a year, YYYY`,
      },
    },
    options,
  );

export class SetTargetDto {
  @ApiProperty({ example: 'haidian' }) @IsLedgerId() organizationId!: string;

  @ApiProperty({ enum: TARGET_MEASURES, description: 'the count the target is for, as the projections report it' })
  @IsIn(TARGET_MEASURES)
  measure!: TargetMeasure;

  @ApiProperty({ example: '2024', description: 'the year, YYYY' })
  @IsYear()
  period!: string;

  @ApiProperty({ example: 100, description: 'a whole number from 1 to 10,000,000; setting it again revises it' })
  @IsInt()
  target!: number;
}

export class TargetView {
  @ApiProperty() organizationId!: string;
  @ApiProperty({ enum: TARGET_MEASURES }) measure!: TargetMeasure;
  @ApiProperty() period!: string;
  @ApiProperty() target!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'the target this one replaced, null for the first' })
  previousTarget!: number | null;
}
