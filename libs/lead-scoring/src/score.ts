/**
 * Scores one lead with a compiled rule set at a given time. Pure and deterministic: the same
 * inputs, rule set and `nowMs` always give the same result, and the result carries everything needed to
 * explain it (contributions) and to reproduce it (inputs, rule-set version, time).
 *
 * From sum to score: score = clamp(round(fit + intent + engagement), 0, 100), halves rounding up. Every point
 * is a contribution: rules that fired, engagement per kind after decay, and the adjustments when a section
 * hits its max or cap, or the total leaves 0..100 (`score.clamp`). So round(Σ contribution points) = score.
 */
import { viewLead, type CompiledRuleSet, type CompiledSection, type LeadView } from './compile-rule-set.js';
import { ENGAGEMENT_UNITS, engagementTotals } from './engagement-decay.js';
import type { Tier } from './rule-set.js';
import {
  cleanAmount,
  cleanCountry,
  cleanEngagement,
  cleanTechnologies,
  cleanText,
  type ScoringInput,
  type ScoringInputs,
} from './scoring-input.js';
import { signedHundredths, signedPoints } from './show.js';
import { tierFor } from './tier.js';

export type ContributionSection = 'fit' | 'intent' | 'engagement' | 'score';

export interface Contribution {
  /** The rule's id, or a built-in: `engagement.open|click|reply`, `fit.max`, `intent.max`, `engagement.cap`, `score.clamp`. */
  ruleId: string;
  section: ContributionSection;
  /** Whole for rules; engagement after decay has up to two decimals. */
  points: number;
  /** "+20 title seniority is vp", "-10 country DE is not one of US, GB, CA", "+3.5 2 clicks (8 before decay)". */
  reason: string;
}

export interface ScoreResult {
  /** 0..100, whole. */
  score: number;
  tier: Tier;
  /** Section totals after their max/cap; engagement has up to two decimals. */
  fit: number;
  intent: number;
  engagement: number;
  /** In order: fit rules as listed, fit max, intent rules, intent max, engagement kinds, engagement cap, clamp. */
  contributions: Contribution[];
  ruleSetVersion: number;
  /** The `nowMs` the score was computed at; decay depends on it. */
  scoredAt: number;
  inputs: ScoringInputs;
}

export function score(compiled: CompiledRuleSet, input: ScoringInput, nowMs: number): ScoreResult {
  if (typeof nowMs !== 'number' || !Number.isFinite(nowMs)) throw new TypeError(`nowMs must be a finite epoch-ms number (got ${String(nowMs)})`);
  const inputs = normaliseInputs(compiled, input);
  const lead = viewLead(compiled, inputs);
  const contributions: Contribution[] = [];

  const fit = scoreSection(compiled.fit, 'fit', lead, contributions);
  const intent = scoreSection(compiled.intent, 'intent', lead, contributions);
  const engagementHundredths = scoreEngagement(compiled, inputs, nowMs, contributions);

  // Hundredths are integers, so the sum is exact and independent of floating-point order.
  const totalHundredths = (fit + intent) * 100 + engagementHundredths;
  const rounded = Math.round(totalHundredths / 100);
  const final = Math.min(100, Math.max(0, rounded));
  if (final !== rounded) {
    const hundredths = final * 100 - totalHundredths;
    contributions.push({
      ruleId: 'score.clamp',
      section: 'score',
      points: hundredths / 100,
      reason: `${signedHundredths(hundredths)} score ${final === 100 ? 'capped at 100' : 'raised to 0'} (sum was ${totalHundredths / 100})`,
    });
  }
  return {
    score: final,
    tier: tierFor(final, compiled.tiers),
    fit,
    intent,
    engagement: engagementHundredths / 100,
    contributions,
    ruleSetVersion: compiled.version,
    scoredAt: nowMs,
    inputs,
  };
}

/** The inputs as scoring sees them: trimmed, unknowns as null, the title read into seniority and function. */
export function normaliseInputs(compiled: Pick<CompiledRuleSet, 'parseTitle'>, input: ScoringInput): ScoringInputs {
  const title = cleanText(input.title);
  const parsed = title === null ? null : compiled.parseTitle(title);
  const employees = cleanAmount(input.employeeCount);
  return {
    industry: cleanText(input.industry),
    employeeCount: employees === null ? null : Math.floor(employees),
    revenueBand: cleanText(input.revenueBand),
    country: cleanCountry(input.country),
    title,
    titleSeniority: parsed?.seniority ?? 'unknown',
    titleFunction: parsed?.function ?? 'other',
    technologies: cleanTechnologies(input.technologies),
    notes: cleanText(input.notes),
    budget: cleanAmount(input.budget),
    timeline: cleanText(input.timeline),
    engagement: cleanEngagement(input.engagement),
  };
}

function scoreSection(section: CompiledSection, name: 'fit' | 'intent', lead: LeadView, out: Contribution[]): number {
  let sum = 0;
  for (const rule of section.rules) {
    const reason = rule.evaluate(lead);
    if (reason === undefined) continue;
    sum += rule.points;
    out.push({ ruleId: rule.id, section: name, points: rule.points, reason });
  }
  if (section.max !== undefined && sum > section.max) {
    const points = section.max - sum;
    out.push({ ruleId: `${name}.max`, section: name, points, reason: `${signedPoints(points)} ${name} capped at ${section.max}` });
    return section.max;
  }
  return sum;
}

const KIND_PLURAL = { open: 'opens', click: 'clicks', reply: 'replies' } as const;
const ENGAGEMENT_IDS = { open: 'engagement.open', click: 'engagement.click', reply: 'engagement.reply' } as const;

/** Engagement after decay and cap, in hundredths of a point. */
function scoreEngagement(compiled: CompiledRuleSet, inputs: ScoringInputs, nowMs: number, out: Contribution[]): number {
  if (inputs.engagement.length === 0) return 0;
  let sum = 0;
  for (const total of engagementTotals(compiled.engagement, compiled.decay, inputs.engagement, nowMs)) {
    const hundredths = Math.round(total.units / (ENGAGEMENT_UNITS / 100));
    if (hundredths === 0) continue;
    sum += hundredths;
    const what = `${total.count} ${total.count === 1 ? total.kind : KIND_PLURAL[total.kind]}`;
    const decayed = hundredths < total.fullPoints * 100 ? ` (${total.fullPoints} before decay)` : '';
    out.push({ ruleId: ENGAGEMENT_IDS[total.kind], section: 'engagement', points: hundredths / 100, reason: `${signedHundredths(hundredths)} ${what}${decayed}` });
  }
  const cap = compiled.engagement.cap * 100;
  if (sum > cap) {
    const hundredths = cap - sum;
    out.push({
      ruleId: 'engagement.cap',
      section: 'engagement',
      points: hundredths / 100,
      reason: `${signedHundredths(hundredths)} engagement capped at ${compiled.engagement.cap}`,
    });
    return cap;
  }
  return sum;
}
