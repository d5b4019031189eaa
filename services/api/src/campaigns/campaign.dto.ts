import { z } from 'zod';
import { campaignId, label, timeZones } from '../http/schemas.js';

export const campaignStatus = z.enum(['active', 'paused', 'stopped']);

export const createCampaignSchema = z.strictObject({
  id: campaignId.describe('Lower-case letters, digits and dashes; used in workflow ids and drop-folder names'),
  name: label(200).meta({ example: 'Q1 SaaS CFOs' }),
  timeZone: z.enum(timeZones).optional().describe('IANA time zone; UTC when left out').meta({ example: 'Europe/Berlin' }),
});
export type CreateCampaignDto = z.infer<typeof createCampaignSchema>;

export const updateCampaignStatusSchema = z.strictObject({ status: campaignStatus });

export const campaignView = z.strictObject({
  id: z.string(),
  name: z.string(),
  status: campaignStatus,
  timeZone: z.string(),
  createdAt: z.string().describe('ISO 8601'),
  updatedAt: z.string().describe('ISO 8601'),
});
