import 'reflect-metadata';
import { TaskQueue } from '#libs/contracts';
import { bootStageService } from '#libs/service-runtime';
import { createNurtureActivities } from './activities/nurture.activities.js';
import { readNurtureConfig } from './nurture.config.js';
import { nurtureStatusByCode } from './nurture-errors.js';
import { NurtureModule } from './nurture.module.js';
import { nurtureEntities, nurtureMigrations } from './nurture.schema.js';
import { suppressionStatusByCode } from './suppressions/suppression-errors.js';

/**
 * The nurture service: sequences, templates, mailboxes and enrolments; admission paced by capacity; exactly-once
 * sends; the global suppression list. No rule sets: what it runs on is defined through its internal routes.
 */
bootStageService({
  stage: { name: 'nurture', taskQueue: TaskQueue.nurture },
  config: () => readNurtureConfig(),
  http: (config) => ({ port: config.NURTURE_PORT, host: config.NURTURE_HOST }),
  tables: { entities: nurtureEntities, migrations: nurtureMigrations },
  module: NurtureModule,
  statusByCode: { ...nurtureStatusByCode, ...suppressionStatusByCode },
  activities: (app) => createNurtureActivities(app),
});
