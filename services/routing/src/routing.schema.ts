import { RoutingInitial1764316800000 } from './migrations/1764316800000-routing-initial.js';

/** Routing reads and writes with set-based SQL only; its tables come from migrations, not entities. */
export const routingEntities = [];
export const routingMigrations = [RoutingInitial1764316800000];
