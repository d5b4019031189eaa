import { ImportJob } from './imports/import-job.entity.js';
import { Lead } from './leads/lead.entity.js';
import { HarvestInitial1764057600000 } from './migrations/1764057600000-harvest-initial.js';
import { ImportJobLease1764144000000 } from './migrations/1764144000000-import-job-lease.js';
import { LeadLinksWithoutForeignKeys1764230400000 } from './migrations/1764230400000-lead-links-without-foreign-keys.js';
import { ImportJobPosition1764316800000 } from './migrations/1764316800000-import-job-position.js';
import { ImportJobEncoding1764489600000 } from './migrations/1764489600000-import-job-encoding.js';
import { FormTrust1764576000000 } from './migrations/1764576000000-form-trust.js';
import { LeadRegion1765200000000 } from './migrations/1765200000000-lead-region.js';

export const harvestEntities = [Lead, ImportJob];
export const harvestMigrations = [HarvestInitial1764057600000, ImportJobLease1764144000000, LeadLinksWithoutForeignKeys1764230400000, ImportJobPosition1764316800000, ImportJobEncoding1764489600000, FormTrust1764576000000, LeadRegion1765200000000];
