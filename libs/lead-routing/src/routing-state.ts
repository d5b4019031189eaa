/**
 * What routing remembers between pages, runs and worker restarts. A plain JSON object: the routing service
 * stores it after each page and passes it back, so a resumed run makes exactly the choices an unbroken one would.
 */
import type { CompiledRouting } from './compiled-routing.js';

export interface RoutingState {
  /** The business day the day counts belong to (the caller's local day, e.g. "2025-01-06"); null before the first. */
  dayKey: string | null;
  /** Leads assigned per owner id on dayKey. Owners with none are left out. */
  assignedToday: Record<string, number>;
  /** Enrolments for the whole campaign on dayKey (counted by routeLeads). */
  campaignEnrolledToday: number;
  /**
   * Smooth weighted round-robin credit per owner id: one rotation for all owners and one per territory id.
   * Kept across days so the rotation stays fair over time; zero credits are left out.
   */
  rotation: { all: Record<string, number>; territories: Record<string, Record<string, number>> };
}

export function emptyRoutingState(): RoutingState {
  return { dayKey: null, assignedToday: {}, campaignEnrolledToday: 0, rotation: { all: {}, territories: {} } };
}

/** The state in arrays indexed like the compiled rule set, for the inner loop. */
export interface WorkingState {
  dayKey: string;
  /** Leads assigned today, by owner index. */
  assigned: Float64Array;
  campaignEnrolled: number;
  /** Per pool, credit by position in pool.members. */
  credits: Float64Array[];
  /** Scratch: total weight of the owners eligible in the last pick, for the reason text. */
  pickedTotal: number;
}

/** Throws on a missing day key: that is a bug in the caller, and guessing a day would break the caps. */
export function assertDayKey(dayKey: string): void {
  if (typeof dayKey !== 'string' || dayKey.length === 0 || dayKey.length > 64) {
    throw new TypeError('dayKey must be a non-empty string of at most 64 characters, such as "2025-01-06"');
  }
}

/**
 * Reads a stored state against the current rule set. A new day starts the day counts at zero; owners or
 * territories no longer in the rule set are dropped; anything that is not a sensible number reads as zero.
 */
export function loadState(c: CompiledRouting, state: RoutingState | undefined, dayKey: string): WorkingState {
  assertDayKey(dayKey);
  const sameDay = state?.dayKey === dayKey;
  const assigned = new Float64Array(c.ownerIds.length);
  if (sameDay) {
    const stored = read(state, 'assignedToday');
    c.ownerIds.forEach((id, i) => (assigned[i] = count(read(stored, id))));
  }
  const rotation = read(state, 'rotation');
  const credits = c.pools.map((pool) => {
    const stored = pool.territoryId === null ? read(rotation, 'all') : read(read(rotation, 'territories'), pool.territoryId);
    const out = new Float64Array(pool.members.length);
    pool.members.forEach((owner, m) => (out[m] = credit(read(stored, c.ownerIds[owner]))));
    return out;
  });
  return { dayKey, assigned, campaignEnrolled: sameDay ? count(state?.campaignEnrolledToday) : 0, credits, pickedTotal: 0 };
}

export function saveState(c: CompiledRouting, w: WorkingState): RoutingState {
  const assignedToday: Record<string, number> = {};
  c.ownerIds.forEach((id, i) => {
    if (w.assigned[i] !== 0) assignedToday[id] = w.assigned[i];
  });
  const all: Record<string, number> = {};
  const territories: Record<string, Record<string, number>> = {};
  c.pools.forEach((pool, p) => {
    const out: Record<string, number> = {};
    pool.members.forEach((owner, m) => {
      if (w.credits[p][m] !== 0) out[c.ownerIds[owner]] = w.credits[p][m];
    });
    if (pool.territoryId === null) Object.assign(all, out);
    else territories[pool.territoryId] = out;
  });
  return { dayKey: w.dayKey, assignedToday, campaignEnrolledToday: w.campaignEnrolled, rotation: { all, territories } };
}

// Stored state comes back from a database: read it with own-property checks only, never via the prototype.
function read(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : 0;
}

function credit(value: unknown): number {
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : 0;
}
