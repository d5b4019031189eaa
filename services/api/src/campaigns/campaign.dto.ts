import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, Validate, ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';
import { isValidTimeZone } from '../../../../libs/config/src/index.js';

@ValidatorConstraint({ name: 'timeZone' })
export class TimeZoneRule implements ValidatorConstraintInterface {
  validate(value: unknown) {
    return typeof value === 'string' && isValidTimeZone(value);
  }
  defaultMessage() {
    return 'timeZone must be an IANA time zone such as Europe/Berlin';
  }
}

export class CreateCampaignDto {
  @ApiProperty({ example: 'q1-saas-cfos', description: 'Lower-case letters, digits and dashes; used in workflow ids and drop-folder names' })
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'id must be 1-63 lower-case letters, digits or dashes, starting with a letter or digit' })
  id!: string;

  @ApiProperty({ example: 'Q1 SaaS CFOs' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ example: 'Europe/Berlin' })
  @IsOptional()
  @Validate(TimeZoneRule)
  timeZone?: string;
}

export class UpdateCampaignStatusDto {
  @ApiProperty({ enum: ['active', 'paused', 'stopped'] })
  @IsIn(['active', 'paused', 'stopped'])
  status!: 'active' | 'paused' | 'stopped';
}
