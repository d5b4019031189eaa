import { QualificationInitial1764403200000 } from './migrations/1764403200000-qualification-initial.js';
import { SuppressionsMoved1765100000100 } from './migrations/1765100000100-suppressions-moved.js';

// Set-based SQL throughout (see results/): no TypeORM entities.
export const qualificationEntities = [];
export const qualificationMigrations = [QualificationInitial1764403200000, SuppressionsMoved1765100000100];
