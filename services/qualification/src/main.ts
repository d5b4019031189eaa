import 'reflect-metadata';
import { TaskQueue } from '#libs/contracts';
import { DEMO_QUALIFICATION_RULE_SET } from '#libs/lead-qualification';
import { bootStageService } from '#libs/service-runtime';
import { createQualificationActivities } from './activities/qualification.activities.js';
import { CampaignQualifier } from './campaigns/campaign-qualifier.js';
import { readQualificationConfig } from './qualification.config.js';
import { qualificationStatusByCode } from './qualification-errors.js';
import { QualificationModule } from './qualification.module.js';
import { qualificationEntities, qualificationMigrations } from './qualification.schema.js';
import { validateStoredQualificationRuleSet } from './rule-sets/qualification-rule-sets.js';

/** The qualification service: email verdicts, intent and suppressions per campaign, with reasons. */
bootStageService({
  stage: { name: 'qualification', taskQueue: TaskQueue.qualification },
  config: () => readQualificationConfig(),
  http: (config) => ({ port: config.QUALIFICATION_PORT, host: config.QUALIFICATION_HOST }),
  tables: { entities: qualificationEntities, migrations: qualificationMigrations },
  module: QualificationModule,
  statusByCode: qualificationStatusByCode,
  ruleSets: { validate: validateStoredQualificationRuleSet, starter: DEMO_QUALIFICATION_RULE_SET },
  activities: (app) => createQualificationActivities(app.get(CampaignQualifier)),
});
