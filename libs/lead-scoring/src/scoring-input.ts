/**
 * What a lead brings to scoring, and the normalised form that is stored with its score. Normalising is
 * idempotent (the normalised inputs fed back in give the same score), so a stored score can be reproduced
 * from its own `inputs` and rule-set version.
 */
import type { Seniority, TitleFunction } from './rule-set.js';

export type EngagementKind = 'open' | 'click' | 'reply';

export interface EngagementEvent {
  kind: EngagementKind;
  /** When it happened, epoch ms. */
  at: number;
  /** Opens by machines (Apple Mail Privacy Protection, link scanners) are flagged upstream and score nothing. */
  machine?: boolean;
}

/** Lead fields as the harvest stage stores them (see lead-intake's LeadInput), plus intent and engagement. */
export interface ScoringInput {
  industry?: string | null;
  employeeCount?: number | null;
  revenueBand?: string | null;
  /** ISO 3166-1 alpha-2. */
  country?: string | null;
  title?: string | null;
  technologies?: readonly string[] | null;
  notes?: string | null;
  budget?: number | null;
  /** Free text such as "this quarter" or "Q3 2025". */
  timeline?: string | null;
  engagement?: readonly EngagementEvent[] | null;
}

/** The inputs a score used: every field present (null when unknown), plus what was read from the title. */
export interface ScoringInputs {
  industry: string | null;
  employeeCount: number | null;
  revenueBand: string | null;
  country: string | null;
  title: string | null;
  titleSeniority: Seniority;
  titleFunction: TitleFunction;
  technologies: string[];
  notes: string | null;
  budget: number | null;
  timeline: string | null;
  /** Only well-formed open/click/reply events, in the order given. */
  engagement: EngagementEvent[];
}

/** Trimmed text, or null for absent, empty or non-text values. */
export function cleanText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  return text === '' ? null : text;
}

/** A finite number ≥ 0, or null. */
export function cleanAmount(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}

/** Upper-case alpha-2 code, or null when the value is not one (it then counts as unknown). */
export function cleanCountry(value: unknown): string | null {
  const text = cleanText(value);
  if (text === null || text.length !== 2) return null;
  const code = text.toUpperCase();
  return /^[A-Z]{2}$/.test(code) ? code : null;
}

export function cleanTechnologies(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const out: string[] = [];
  for (const item of value) {
    const text = cleanText(item);
    if (text !== null) out.push(text);
  }
  return out;
}

/** Events with a known kind and a finite time; anything else (bounces, broken rows) is left out. */
export function cleanEngagement(value: unknown): EngagementEvent[] {
  if (!Array.isArray(value)) return [];
  const out: EngagementEvent[] = [];
  for (const event of value as unknown[]) {
    if (typeof event !== 'object' || event === null) continue;
    const { kind, at, machine } = event as Partial<EngagementEvent>;
    if ((kind !== 'open' && kind !== 'click' && kind !== 'reply') || typeof at !== 'number' || !Number.isFinite(at)) continue;
    out.push(machine === true ? { kind, at, machine: true } : { kind, at });
  }
  return out;
}
