import { NurtureInitial1765100000000 } from './migrations/1765100000000-nurture-initial.js';
import { SuppressionsFromQualification1765100000100 } from './migrations/1765100000100-suppressions-from-qualification.js';
import { NurtureEngagement1765200000100 } from './migrations/1765200000100-nurture-engagement.js';

/** Nurture reads and writes with set-based SQL only; its tables come from migrations, not entities. */
export const nurtureEntities = [];
export const nurtureMigrations = [NurtureInitial1765100000000, SuppressionsFromQualification1765100000100, NurtureEngagement1765200000100];
