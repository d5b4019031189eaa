/**
 * Engagement ages out: a click last week says more than a click last quarter. Each event's points
 * are multiplied by a decay factor of its age at scoring time (`nowMs`, passed in), so the same lead scored
 * tomorrow may fall a tier, and score.ts records why.
 *
 * Sums are kept in integer units of 1/10,000 point, so the total does not depend on the order of the events
 * (floating-point sums do) and a stored score reproduces exactly.
 */
import type { DecaySchedule, EngagementSettings } from './rule-set.js';
import type { EngagementEvent, EngagementKind } from './scoring-input.js';

export const DAY_MS = 86_400_000;
/** Units of engagement per point. */
export const ENGAGEMENT_UNITS = 10_000;

/** Share of an event's points still counted at `ageMs` (0..1). Events dated in the future count as new. */
export function decayFactor(decay: DecaySchedule, ageMs: number): number {
  return compileDecay(decay)(ageMs);
}

export function compileDecay(decay: DecaySchedule): (ageMs: number) => number {
  switch (decay.kind) {
    case 'none':
      return () => 1;
    case 'half-life': {
      const perMs = -Math.LN2 / (decay.halfLifeDays * DAY_MS);
      const maxAgeMs = decay.maxAgeDays === undefined ? Number.POSITIVE_INFINITY : decay.maxAgeDays * DAY_MS;
      return (ageMs) => (ageMs <= 0 ? 1 : ageMs > maxAgeMs ? 0 : Math.exp(ageMs * perMs));
    }
    case 'steps': {
      const at = decay.steps.map((s) => s.afterDays * DAY_MS);
      const keep = decay.steps.map((s) => s.keep);
      return (ageMs) => {
        let factor = 1;
        for (let i = 0; i < at.length && ageMs >= at[i]!; i++) factor = keep[i]!;
        return factor;
      };
    }
  }
}

export interface KindTotal {
  kind: EngagementKind;
  /** Events counted (machine opens excluded). */
  count: number;
  /** Points before decay. */
  fullPoints: number;
  /** Points after decay, in ENGAGEMENT_UNITS. */
  units: number;
}

const KINDS: readonly EngagementKind[] = ['open', 'click', 'reply'];

/** Per kind, in the order open, click, reply; kinds without counted events are left out. */
export function engagementTotals(
  settings: Pick<EngagementSettings, EngagementKind>,
  decay: (ageMs: number) => number,
  events: readonly EngagementEvent[],
  nowMs: number,
): KindTotal[] {
  const count = [0, 0, 0];
  const units = [0, 0, 0];
  for (const event of events) {
    if (event.machine === true) continue;
    const k = event.kind === 'open' ? 0 : event.kind === 'click' ? 1 : 2;
    count[k]!++;
    units[k]! += Math.round(settings[event.kind] * decay(nowMs - event.at) * ENGAGEMENT_UNITS);
  }
  const out: KindTotal[] = [];
  for (let k = 0; k < 3; k++) {
    if (count[k] === 0) continue;
    const kind = KINDS[k]!;
    out.push({ kind, count: count[k]!, fullPoints: count[k]! * settings[kind], units: units[k]! });
  }
  return out;
}
