/**
 * Owner assignment: territory rules first (the first matching territory wins), then a weighted round-robin among
 * that territory's owners, or among all owners when no territory matches, each owner up to a daily capacity.
 *
 * The round-robin is nginx's *smooth weighted round-robin*. Each owner keeps a credit. For every lead, each
 * eligible owner (active, under capacity) gains its weight; the owner with the most credit (the first listed on a
 * tie) gets the lead and pays back the total weight of the eligible owners. With weights 3/2/1 this deals
 * A B A C B A, …: over any whole cycle of (sum of weights) leads each owner gets exactly its weight, and no
 * owner waits long in between (plain WRR would deal A A A B B C). An owner at capacity or inactive is skipped
 * and its credit left as it is, so the others keep their exact ratio between themselves.
 *
 * Everything the choice depends on is the rule set and the RoutingState, so splitting a batch into pages and
 * storing the state between them (even through JSON and a worker restart) gives the same owners as one pass.
 */
import { compileRouting, type CompiledRouting } from './compiled-routing.js';
import type { RoutingRuleSet, Territory } from './routing-rule-set.js';
import { loadState, saveState, type RoutingState, type WorkingState } from './routing-state.js';
import { firstMatchingTerritory, type RoutableLead } from './territory-match.js';

export type OwnerAssignment =
  | {
      ownerId: string;
      /** The territory that owned the lead, or null when none matched. */
      territoryId: string | null;
      /** Stored with the lead, e.g. "territory emea-enterprise; round-robin weight 3/6; 41/50 today". */
      reason: string;
    }
  | {
      ownerId: null;
      territoryId: string | null;
      code: 'owners-at-capacity' | 'no-active-owners';
      reason: string;
    };

export interface AssignBatchResult {
  /** One per lead, in the order given. */
  assignments: OwnerAssignment[];
  /** Store it and pass it to the next page. */
  state: RoutingState;
}

/** Assigns owners to a page of leads. `dayKey` is the caller's business day; a new day restarts the day counts. */
export function assignBatch(
  ruleSet: RoutingRuleSet,
  leads: readonly RoutableLead[],
  state: RoutingState | undefined,
  dayKey: string,
): AssignBatchResult {
  const c = compileRouting(ruleSet);
  const w = loadState(c, state, dayKey);
  const assignments = new Array<OwnerAssignment>(leads.length);
  for (let i = 0; i < leads.length; i++) {
    assignments[i] = assignWorking(c, w, firstMatchingTerritory(c.territories, leads[i]), -1);
  }
  return { assignments, state: saveState(c, w) };
}

/** One lead; same rules as assignBatch (use assignBatch for pages: it reads and writes the state once). */
export function assignOwner(
  ruleSet: RoutingRuleSet,
  lead: RoutableLead,
  state: RoutingState | undefined,
  dayKey: string,
): { assignment: OwnerAssignment; state: RoutingState } {
  const { assignments, state: next } = assignBatch(ruleSet, [lead], state, dayKey);
  return { assignment: assignments[0], state: next };
}

/** The territory that owns this lead, or null when none matches. */
export function matchTerritory(ruleSet: RoutingRuleSet, lead: RoutableLead): Territory | null {
  const index = firstMatchingTerritory(compileRouting(ruleSet).territories, lead);
  return index < 0 ? null : ruleSet.territories[index];
}

/**
 * Assigns from a territory's pool (index, or -1 for none), overflowing to all owners when the territory allows
 * it. `exclude` is an owner index that must not get the lead (the current owner on an SLA reassign), or -1.
 * Updates `w` in place.
 */
export function assignWorking(c: CompiledRouting, w: WorkingState, territory: number, exclude: number): OwnerAssignment {
  const territoryId = territory < 0 ? null : c.territories[territory].id;
  const pool = territory < 0 ? c.allPool : territory;
  let owner = pick(c, w, pool, exclude);
  if (owner >= 0) return assigned(c, w, owner, territoryId, territory < 0 ? NO_TERRITORY : territory);
  if (territory >= 0 && c.pools[territory].overflowToAll) {
    owner = pick(c, w, c.allPool, exclude);
    if (owner >= 0) return assigned(c, w, owner, territoryId, OVERFLOW + territory);
    return unassigned(c, w, c.allPool, exclude, territoryId, `territory ${territoryId} and all owners: `);
  }
  return unassigned(c, w, pool, exclude, territoryId, territoryId === null ? '' : `territory ${territoryId}: `);
}

/** One step of smooth weighted round-robin over a pool; returns the owner index, or -1 when nobody is free. */
function pick(c: CompiledRouting, w: WorkingState, pool: number, exclude: number): number {
  const members = c.pools[pool].members;
  const credits = w.credits[pool];
  const { weight, capacity, active } = c;
  const assignedToday = w.assigned;
  let total = 0;
  let best = -1;
  let bestCredit = 0;
  for (let m = 0; m < members.length; m++) {
    const o = members[m];
    if (active[o] === 0 || assignedToday[o] >= capacity[o] || o === exclude) continue;
    const credit = credits[m] + weight[o];
    credits[m] = credit;
    total += weight[o];
    if (best < 0 || credit > bestCredit) {
      best = m;
      bestCredit = credit;
    }
  }
  if (best < 0) return -1;
  credits[best] -= total;
  w.pickedTotal = total;
  return members[best];
}

// Reason "routes": no territory, territory i (i ≥ 0), or territory i overflowing to all owners (OVERFLOW + i).
const NO_TERRITORY = -1;
const OVERFLOW = 1_000_000;

function assigned(c: CompiledRouting, w: WorkingState, owner: number, territoryId: string | null, route: number): OwnerAssignment {
  const today = ++w.assigned[owner];
  return { ownerId: c.ownerIds[owner], territoryId, reason: reasonPrefix(c, route, owner, w.pickedTotal) + `${today}/${c.capacity[owner]} today` };
}

/**
 * "territory emea-enterprise; round-robin weight 3/6; " is the same for most leads of a page: built once per
 * (route, owner, total weight) and kept with the compiled rule set, so a big batch allocates one string per lead.
 */
function reasonPrefix(c: CompiledRouting, route: number, owner: number, total: number): string {
  // Unique per combination: route < 2·10⁶, owner < 1000, total ≤ 100·1000.
  const key = ((route + 1) * 1024 + owner) * 131_072 + total;
  let prefix = c.reasonPrefixes.get(key);
  if (prefix === undefined) {
    const where =
      route === NO_TERRITORY
        ? 'no territory matched, all owners'
        : route >= OVERFLOW
          ? `territory ${c.territories[route - OVERFLOW].id} has no free owner, overflow to all owners`
          : `territory ${c.territories[route].id}`;
    prefix = `${where}; round-robin weight ${c.weight[owner]}/${total}; `;
    if (c.reasonPrefixes.size >= 10_000) c.reasonPrefixes.clear(); // bounded, whatever the rule set
    c.reasonPrefixes.set(key, prefix);
  }
  return prefix;
}

function unassigned(c: CompiledRouting, w: WorkingState, pool: number, exclude: number, territoryId: string | null, prefix: string): OwnerAssignment {
  const anyActive = c.pools[pool].members.some((o) => c.active[o] === 1 && o !== exclude);
  return anyActive
    ? { ownerId: null, territoryId, code: 'owners-at-capacity', reason: `${prefix}all owners at capacity` }
    : { ownerId: null, territoryId, code: 'no-active-owners', reason: `${prefix}no active owners` };
}
