import { Campaign } from './campaigns/campaign.entity.js';
import { ApiInitial1764057600000 } from './migrations/1764057600000-api-initial.js';
import { ApiKeys1765000000000 } from './migrations/1765000000000-api-keys.js';

export const apiEntities = [Campaign];
export const apiMigrations = [ApiInitial1764057600000, ApiKeys1765000000000];
