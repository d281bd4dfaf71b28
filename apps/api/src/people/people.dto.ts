import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { FORGETTING_GROUNDS, ForgettingGrounds } from '../../../../libs/domain/src/person/person.events';
import { IsLedgerId, IsText } from '../http/validation';

export class PersonParamsDto {
  @IsLedgerId() participantId!: string;
}

export class KeepContactDetailsDto {
  @ApiProperty({ example: 'chaowai', description: 'the organisation whose staff keep (and alone may read) the details' })
  @IsLedgerId()
  organizationId!: string;

  @ApiProperty({ example: '王师傅' })
  @IsText()
  name!: string;

  @ApiPropertyOptional({ example: '+86 138 0000 0000' })
  @IsOptional()
  @Matches(/^\+?[0-9][0-9 ()-]{2,31}$/, { message: 'phone must be a telephone number: digits, spaces, ( ) and -, with an optional leading +' })
  phone?: string;
}

export class ForgetPersonDto {
  @ApiProperty({ enum: FORGETTING_GROUNDS, description: 'why, as a code: free text could name the person again' })
  @IsIn(FORGETTING_GROUNDS)
  grounds!: ForgettingGrounds;
}

export class ContactView {
  @ApiProperty() participantId!: string;
  @ApiPropertyOptional() organizationId?: string;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
  @ApiProperty({ nullable: true, type: String }) phone!: string | null;
  @ApiProperty({ description: 'true once the person was forgotten: the details are destroyed, never to be shown again' }) redacted!: boolean;
  @ApiPropertyOptional() forgottenAt?: string;
}

export class PersonForgottenView {
  @ApiProperty() participantId!: string;
  @ApiProperty({ enum: [true] }) forgotten!: true;
  @ApiProperty() forgottenAt!: string;
}
