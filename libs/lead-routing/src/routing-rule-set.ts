/**
 * The routing rule set: per campaign, versioned data that says which sequence each tier gets, which rep owns
 * which leads, what guardrails stop an enrolment, and what happens to a hot lead nobody touches.
 * Stored as JSON; checked by `validateRoutingRuleSet` before it is saved or used.
 */
import { z } from 'zod';
import { countryCodeSchema } from '#libs/rule-set-kit';

import type { Tier as LeadTier } from '#libs/contracts';

export { TIERS as LEAD_TIERS, type Tier as LeadTier } from '#libs/contracts';

/** Per tier: the sequence a lead of that tier is enrolled in, or null for "not enrolled" (usually cold). */
export type TierSequences = Record<LeadTier, string | null>;

/** Lead attributes a territory can match on; every condition given must hold (AND), values within one are OR. */
export interface TerritoryMatch {
  /** ISO 3166-1 alpha-2; written in any case, kept in upper case as leads store them. */
  country?: { in: string[] };
  /** State, province or sales region as the lead carries it; compared case-insensitively. */
  region?: { in: string[] };
  /** Compared case-insensitively. */
  industry?: { in: string[] };
  /** Inclusive bounds; a lead without an employee count does not match. */
  employeeCount?: { gte?: number; lte?: number };
}

export interface Territory {
  id: string;
  /** `{}` matches every lead: a catch-all, so it belongs last. */
  match: TerritoryMatch;
  /** Owner ids (from `owners`) who share this territory's leads by weighted round-robin. */
  owners: string[];
  /**
   * When every owner of the territory is inactive or at capacity: `hold` leaves the lead unassigned for today
   * (it waits, like Outreach's Pending), `anyOwner` hands it to the round-robin of all owners. Default `hold`.
   */
  overflow?: 'hold' | 'anyOwner';
}

export interface Owner {
  id: string;
  /** Share of the round-robin, 1–100: an owner with weight 3 gets three leads for each one a weight-1 owner gets. */
  weight: number;
  /** Most leads assigned to this owner in one business day. */
  dailyCapacity: number;
  /** Inactive owners (leave, left the team) get no new leads but keep their place in the rotation. */
  active: boolean;
}

export interface RoutingGuardrails {
  /** Lead/CRM stages that are never enrolled (customer, open opportunity, …); compared case-insensitively. */
  doNotContactStages: string[];
  /** A colleague at the same account (company domain) replied: never enrol (`block`) or ask a human (`review`). */
  colleagueReplied: 'block' | 'review';
  /** Only replies this recent count; without it any reply by a colleague counts. */
  colleagueReplyWindowDays?: number;
  /** Lead already active in another sequence: never (`block`) or not now, try again on a later run (`skip`). */
  activeInOtherSequence: 'block' | 'skip';
  /** Most enrolments per owner per business day (Outreach's "max adds per user every 24 hours"). */
  perOwnerDailyCap?: number;
  /** Most enrolments for the whole campaign per business day. */
  perCampaignDailyCap?: number;
}

export interface HotLeadSla {
  /** A hot lead nobody touched this many minutes after it was routed is in breach. */
  hotUntouchedMinutes: number;
  /** `escalate` tells `escalateTo`; `reassign` moves the lead to the next owner in the round-robin. */
  action: 'escalate' | 'reassign';
  /** Manager or owner id; required for `escalate`, the fallback for `reassign` when no other owner is free. */
  escalateTo?: string;
}

export interface RoutingRuleSet {
  /** Rule-set version, stored with every routing decision so it can be explained and replayed. */
  version: number;
  sequences: TierSequences;
  /** Tried in order; the first matching territory owns the lead. Leads matching none go to all owners. */
  territories: Territory[];
  owners: Owner[];
  guardrails: RoutingGuardrails;
  sla: HotLeadSla;
}

/** Caps that keep a hostile or broken rule set from costing much to validate or run. */
export const RULE_SET_LIMITS = {
  territories: 500,
  owners: 1000,
  valuesPerCondition: 1000,
  doNotContactStages: 200,
  idLength: 128,
  textLength: 200,
  // Size and depth are the shared guard's (libs/rule-set-kit: RULE_SET_GUARD).
} as const;

// Ids end up in reasons, logs, state keys and workflow ids: plain characters only, and never `__proto__`.
export const ID = /^[A-Za-z0-9][A-Za-z0-9._:@+-]*$/;
// Free text (regions, industries, stages): something visible, no control characters.
const TEXT = /^(?=[^]*\S)[^\x00-\x1F\x7F]*$/;

// Type errors say "is required" for a missing key and what was expected otherwise.
const expected = (what: string, kind: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? `${what} is required` : `${what} must be ${kind}`;

const id = (what: string) =>
  z
    .string({ error: expected(what, 'a string') })
    .min(1, { error: `${what} must not be empty`, abort: true })
    .max(RULE_SET_LIMITS.idLength, { error: `${what} is longer than ${RULE_SET_LIMITS.idLength} characters`, abort: true })
    .regex(ID, { error: `${what} may use letters, digits and . _ : @ + - and must start with a letter or digit` });

const text = (what: string) =>
  z
    .string({ error: expected(what, 'a string') })
    .max(RULE_SET_LIMITS.textLength, { error: `${what} is longer than ${RULE_SET_LIMITS.textLength} characters`, abort: true })
    .regex(TEXT, { error: `${what} must be visible text without control characters` });

const int = (what: string, min: number, max: number) =>
  z
    .number({ error: expected(what, 'a number') })
    .int({ error: `${what} must be a whole number`, abort: true })
    .min(min, { error: `${what} must be at least ${min}` })
    .max(max, { error: `${what} must be at most ${max}` });

const oneOf = <const T extends readonly [string, ...string[]]>(what: string, values: T) =>
  z.enum(values, { error: `${what} must be one of ${values.map((v) => `'${v}'`).join(', ')}` });

const section = <T extends z.core.$ZodLooseShape>(what: string, shape: T) =>
  z.strictObject(shape, { error: expected(what, 'an object') });

const list = <T extends z.core.SomeType>(what: string, item: T) => z.array(item, { error: expected(what, 'a list') });

const valueList = (what: string, item: z.ZodType<string, unknown>) =>
  section(what, {
    in: list(`${what}.in`, item)
      .min(1, { error: `${what}.in must list at least one value` })
      .max(RULE_SET_LIMITS.valuesPerCondition, { error: `${what}.in lists more than ${RULE_SET_LIMITS.valuesPerCondition} values` }),
  });

// A sequence id, or null for "not enrolled"; a missing tier is an error so nobody forgets one by accident.
const sequenceRef = (tier: LeadTier) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `sequence for ${tier} is required (null: not enrolled)` : `sequence for ${tier} must be a sequence id or null`) })
    .min(1, { error: `sequence for ${tier} must not be empty (null: not enrolled)`, abort: true })
    .max(RULE_SET_LIMITS.idLength, { error: `sequence for ${tier} is longer than ${RULE_SET_LIMITS.idLength} characters`, abort: true })
    .regex(ID, { error: `sequence for ${tier} may use letters, digits and . _ : @ + - and must start with a letter or digit` })
    .nullable();

// Any case in, upper case out, with the message every kind of rule set gives.
const countryCode = countryCodeSchema();

export const routingRuleSetSchema = z.strictObject(
  {
    version: int('version', 1, Number.MAX_SAFE_INTEGER),
    sequences: section('sequences', {
      hot: sequenceRef('hot'),
      warm: sequenceRef('warm'),
      cool: sequenceRef('cool'),
      cold: sequenceRef('cold'),
    }),
    territories: list(
      'territories',
      section('territory', {
        id: id('territory id'),
        match: section('match', {
          country: valueList('country', countryCode).optional(),
          region: valueList('region', text('region')).optional(),
          industry: valueList('industry', text('industry')).optional(),
          employeeCount: section('employeeCount', {
            gte: int('employeeCount.gte', 0, Number.MAX_SAFE_INTEGER).optional(),
            lte: int('employeeCount.lte', 0, Number.MAX_SAFE_INTEGER).optional(),
          }).optional(),
        }),
        owners: list('owners', id('owner id'))
          .min(1, { error: 'a territory needs at least one owner' })
          .max(RULE_SET_LIMITS.owners, { error: `a territory lists more than ${RULE_SET_LIMITS.owners} owners` }),
        overflow: oneOf('overflow', ['hold', 'anyOwner']).optional(),
      }),
    ).max(RULE_SET_LIMITS.territories, { error: `more than ${RULE_SET_LIMITS.territories} territories` }),
    owners: list(
      'owners',
      section('owner', {
        id: id('owner id'),
        weight: int('weight', 1, 100),
        dailyCapacity: int('dailyCapacity', 0, 1_000_000),
        active: z.boolean({ error: expected('active', 'true or false') }),
      }),
    )
      .min(1, { error: 'at least one owner is needed' })
      .max(RULE_SET_LIMITS.owners, { error: `more than ${RULE_SET_LIMITS.owners} owners` }),
    guardrails: section('guardrails', {
      doNotContactStages: list('doNotContactStages', text('stage')).max(RULE_SET_LIMITS.doNotContactStages, {
        error: `more than ${RULE_SET_LIMITS.doNotContactStages} stages`,
      }),
      colleagueReplied: oneOf('colleagueReplied', ['block', 'review']),
      colleagueReplyWindowDays: int('colleagueReplyWindowDays', 1, 3650).optional(),
      activeInOtherSequence: oneOf('activeInOtherSequence', ['block', 'skip']),
      perOwnerDailyCap: int('perOwnerDailyCap', 1, 1_000_000).optional(),
      perCampaignDailyCap: int('perCampaignDailyCap', 1, 100_000_000).optional(),
    }),
    sla: section('sla', {
      // 30 days: beyond that "untouched" is not a speed-to-lead problem any more.
      hotUntouchedMinutes: int('hotUntouchedMinutes', 1, 43_200),
      action: oneOf('action', ['escalate', 'reassign']),
      escalateTo: id('escalateTo').optional(),
    }),
  },
  { error: 'a routing rule set must be a JSON object' },
);

// Compile-time guard: the schema's output and the documented interfaces must not drift apart.
type SchemaOutput = z.output<typeof routingRuleSetSchema>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesInterfaces: Same<SchemaOutput, RoutingRuleSet> = true;
void schemaMatchesInterfaces;
