import { QualificationInitial1764403200000 } from './migrations/1764403200000-qualification-initial.js';

// Set-based SQL throughout (see results/, suppressions/): no TypeORM entities.
export const qualificationEntities = [];
export const qualificationMigrations = [QualificationInitial1764403200000];
