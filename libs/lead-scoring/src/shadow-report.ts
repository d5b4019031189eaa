/**
 * Shadow re-scoring: before a new rule-set version is activated, every lead is scored with both
 * versions and this report says how tiers would move. It streams: each lead adds one (current, draft) pair to
 * sixteen counters, so a million leads take constant memory, and reports from several activity pages merge.
 */
import { TIERS, type Tier } from './rule-set.js';
import { tierRank } from './tier.js';

export interface TierMove {
  from: Tier;
  to: Tier;
  count: number;
}

export interface ShadowReport {
  total: number;
  /** Leads whose tier would change. */
  moved: number;
  /** Would move to a higher tier (cold → cool, warm → hot …) or a lower one. upgrades + downgrades = moved. */
  upgrades: number;
  downgrades: number;
  /**
   * All 16 cells, always, in a fixed order: `from` hot, warm, cool, cold, and within each `to` in the same
   * order; the diagonal is the leads that stay. A fixed shape makes reports easy to tabulate and compare.
   */
  matrix: TierMove[];
  /** Leads per tier today and under the draft. */
  current: Record<Tier, number>;
  draft: Record<Tier, number>;
}

export interface ShadowReportAccumulator {
  add(currentTier: Tier, draftTier: Tier): void;
  /** Adds the counts of a report made elsewhere (another activity page, another worker). */
  merge(report: ShadowReport): void;
  report(): ShadowReport;
}

const INDEX: Readonly<Record<string, number>> = Object.fromEntries(TIERS.map((t, i) => [t, i]));

export function shadowReport(): ShadowReportAccumulator {
  const counts = new Array<number>(TIERS.length * TIERS.length).fill(0);
  return {
    add(currentTier, draftTier) {
      counts[index(currentTier, 'currentTier') * TIERS.length + index(draftTier, 'draftTier')]! += 1;
    },
    merge(report) {
      for (const cell of report.matrix) {
        if (!Number.isSafeInteger(cell.count) || cell.count < 0) throw new RangeError(`shadow report cell ${cell.from} → ${cell.to} has count ${cell.count}`);
        counts[index(cell.from, 'from') * TIERS.length + index(cell.to, 'to')]! += cell.count;
      }
    },
    report() {
      const matrix: TierMove[] = [];
      const current = zeroByTier();
      const draft = zeroByTier();
      let total = 0;
      let upgrades = 0;
      let downgrades = 0;
      for (const from of TIERS) {
        for (const to of TIERS) {
          const count = counts[INDEX[from]! * TIERS.length + INDEX[to]!]!;
          matrix.push({ from, to, count });
          total += count;
          current[from] += count;
          draft[to] += count;
          const step = tierRank(to) - tierRank(from);
          if (step > 0) upgrades += count;
          else if (step < 0) downgrades += count;
        }
      }
      return { total, moved: upgrades + downgrades, upgrades, downgrades, matrix, current, draft };
    },
  };
}

function index(tier: Tier, what: string): number {
  const i = typeof tier === 'string' && Object.hasOwn(INDEX, tier) ? INDEX[tier] : undefined;
  if (i === undefined) throw new RangeError(`${what} must be hot, warm, cool or cold (got ${JSON.stringify(tier)})`);
  return i;
}

function zeroByTier(): Record<Tier, number> {
  return { hot: 0, warm: 0, cool: 0, cold: 0 };
}
