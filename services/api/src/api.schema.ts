import { Campaign } from './campaigns/campaign.entity.js';
import { ApiInitial1764057600000 } from './migrations/1764057600000-api-initial.js';

export const apiEntities = [Campaign];
export const apiMigrations = [ApiInitial1764057600000];
