import { NurtureInitial1765100000000 } from './migrations/1765100000000-nurture-initial.js';
import { SuppressionsFromQualification1765100000100 } from './migrations/1765100000100-suppressions-from-qualification.js';

/** Nurture reads and writes with set-based SQL only; its tables come from migrations, not entities. */
export const nurtureEntities = [];
export const nurtureMigrations = [NurtureInitial1765100000000, SuppressionsFromQualification1765100000100];
