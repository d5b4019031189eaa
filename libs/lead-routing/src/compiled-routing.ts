/**
 * A rule set turned into arrays once, so routing a million leads does no parsing or map lookups per owner.
 * Cached per rule-set object: treat a rule set as immutable once it is in use (load a new one for a new version).
 */
import type { RoutingRuleSet } from './routing-rule-set.js';
import { compileTerritory, type CompiledTerritory } from './territory-match.js';

/** The owners one round-robin rotates through: a territory's owners, or every owner. */
export interface OwnerPool {
  /** Territory id, or null for the pool of all owners. */
  territoryId: string | null;
  /** Owner indexes in the order the rule set lists them (that order breaks ties). */
  members: Int32Array;
  /** Hand leads to the all-owners pool when nobody here is free (territory `overflow: 'anyOwner'`). */
  overflowToAll: boolean;
}

export interface CompiledRouting {
  ruleSet: RoutingRuleSet;
  ownerIds: readonly string[];
  ownerIndex: ReadonlyMap<string, number>;
  weight: Int32Array;
  /** Leads an owner may get per business day: dailyCapacity, lowered by guardrails.perOwnerDailyCap. */
  capacity: Int32Array;
  active: Uint8Array;
  territories: readonly CompiledTerritory[];
  territoryIndex: ReadonlyMap<string, number>;
  /** pools[i] belongs to territories[i]; pools[allPool] holds every owner. */
  pools: readonly OwnerPool[];
  allPool: number;
  /** Memo for the fixed part of assignment reasons (see owner-assignment.ts); derived data only. */
  reasonPrefixes: Map<number, string>;
}

const cache = new WeakMap<RoutingRuleSet, CompiledRouting>();

export function compileRouting(ruleSet: RoutingRuleSet): CompiledRouting {
  const hit = cache.get(ruleSet);
  if (hit) return hit;
  const compiled = build(ruleSet);
  cache.set(ruleSet, compiled);
  return compiled;
}

function build(ruleSet: RoutingRuleSet): CompiledRouting {
  const n = ruleSet.owners.length;
  const ownerIds: string[] = [];
  const ownerIndex = new Map<string, number>();
  const weight = new Int32Array(n);
  const capacity = new Int32Array(n);
  const active = new Uint8Array(n);
  const ownerCap = ruleSet.guardrails.perOwnerDailyCap ?? Number.POSITIVE_INFINITY;
  ruleSet.owners.forEach((owner, i) => {
    ownerIds.push(owner.id);
    if (!ownerIndex.has(owner.id)) ownerIndex.set(owner.id, i);
    weight[i] = owner.weight;
    capacity[i] = Math.min(owner.dailyCapacity, ownerCap);
    active[i] = owner.active ? 1 : 0;
  });

  const territories = ruleSet.territories.map(compileTerritory);
  const territoryIndex = new Map<string, number>();
  const pools: OwnerPool[] = ruleSet.territories.map((territory, i) => {
    if (!territoryIndex.has(territory.id)) territoryIndex.set(territory.id, i);
    const members = [...new Set(territory.owners)].flatMap((id) => (ownerIndex.has(id) ? [ownerIndex.get(id)!] : []));
    return { territoryId: territory.id, members: Int32Array.from(members), overflowToAll: territory.overflow === 'anyOwner' };
  });
  const allPool = pools.length;
  pools.push({ territoryId: null, members: Int32Array.from(ownerIndex.values()), overflowToAll: false });

  return { ruleSet, ownerIds, ownerIndex, weight, capacity, active, territories, territoryIndex, pools, allPool, reasonPrefixes: new Map() };
}
