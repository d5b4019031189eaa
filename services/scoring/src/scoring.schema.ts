import { ScoringInitial1764230400100 } from './migrations/1764230400100-scoring-initial.js';

// Scoring reads and writes with SQL (set-based pages), so it maps no entities.
export const scoringEntities = [];
export const scoringMigrations = [ScoringInitial1764230400100];
