import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export class ListLeadsQuery {
  @ApiPropertyOptional() @IsOptional() @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'campaignId must be a campaign id' }) campaignId?: string;
  @ApiPropertyOptional({ enum: ['api', 'web-form', 'csv', 'people-search'] }) @IsOptional() @IsIn(['api', 'web-form', 'csv', 'people-search']) source?: string;
  @ApiPropertyOptional({ example: 'DE' }) @IsOptional() @Matches(/^[A-Za-z]{2}$/, { message: 'country must be an ISO 3166 alpha-2 code' }) country?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) industry?: string;
  @ApiPropertyOptional({ description: 'Prefix of the email or company name' }) @IsOptional() @IsString() @MaxLength(200) q?: string;
  @ApiPropertyOptional({ description: 'nextCursor from the previous page' }) @IsOptional() @IsString() @MaxLength(200) cursor?: string;
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
}

export class ListImportsQuery {
  @ApiPropertyOptional() @IsOptional() @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'campaignId must be a campaign id' }) campaignId?: string;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
}

export class RejectionsQuery {
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) afterLine?: number;
  @ApiPropertyOptional({ default: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}

export class RunNowDto {
  @ApiPropertyOptional({ description: 'Run only this campaign' }) @IsOptional() @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'campaignId must be a campaign id' }) campaignId?: string;
}

export class ListRunsQuery {
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
}

export class CampaignOfLeadQuery {
  @ApiProperty({ description: 'The campaign the lead is judged in' }) @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'campaignId must be a campaign id' }) campaignId!: string;
}

export class TouchLeadDto {
  @ApiProperty() @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'campaignId must be a campaign id' }) campaignId!: string;
  @ApiPropertyOptional({ description: 'Who worked the lead (owner id)' }) @IsOptional() @IsString() @MaxLength(100) by?: string;
}

export class LeadStageDto {
  @ApiProperty({ description: 'Lifecycle stage, e.g. new, contacted, open opportunity, customer' }) @IsString() @MaxLength(60) stage!: string;
}

export class RuleSetNoteQuery {
  @ApiPropertyOptional({ description: 'Why this version exists' }) @IsOptional() @IsString() @MaxLength(500) note?: string;
}

export class BackfillDto {
  @ApiProperty({ description: 'First day to run, ISO date or time' }) @IsString() @MaxLength(40) from!: string;
  @ApiProperty({ description: 'Last day to run, ISO date or time' }) @IsString() @MaxLength(40) to!: string;
}
