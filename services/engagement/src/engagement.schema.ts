import { EngagementInitial1765200000000 } from './migrations/1765200000000-engagement-initial.js';

/** Engagement reads and writes with set-based SQL only; its tables come from migrations, not entities. */
export const engagementEntities = [];
export const engagementMigrations = [EngagementInitial1765200000000];
