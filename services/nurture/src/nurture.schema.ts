import { NurtureInitial1765100000000 } from './migrations/1765100000000-nurture-initial.js';

/** Nurture reads and writes with set-based SQL only; its tables come from migrations, not entities. */
export const nurtureEntities = [];
export const nurtureMigrations = [NurtureInitial1765100000000];
