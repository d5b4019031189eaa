/**
 * Compile once, score many (the scoring stage scores a million leads per run): rule values are folded into
 * sets and phrase regexes, decay is turned into a function, and each rule becomes one function that tests a
 * lead and explains itself when it fires. Per lead, only the lead fields some rule reads are folded.
 */
import { deepFreeze } from './deep-freeze.js';
import { compileDecay } from './engagement-decay.js';
import { validateScoringRuleSet, type RuleSetError } from './validate-rule-set.js';
import type { EngagementSettings, FitField, IntentField, RuleField, ScoringRule, ScoringRuleSet, TierThresholds } from './rule-set.js';
import type { ScoringInputs } from './scoring-input.js';
import { clip, listPreview, signedPoints } from './show.js';
import { foldText, phraseMatcher, revenueBandKey, textKey } from './text-match.js';
import { parseTitle, type ParsedTitle } from './title.js';

/** A lead's values folded for matching; fields no rule reads stay empty. */
export interface LeadView {
  inputs: ScoringInputs;
  /** Keys (see text-match.ts) for equals/in/notIn. */
  industry: string;
  revenueBand: string;
  timeline: string;
  /** Folded texts (see text-match.ts) for containsAny/containsAll: one per technology; title and notes for keywords. */
  industrySearch: readonly string[];
  timelineSearch: readonly string[];
  technologies: readonly string[];
  keywords: readonly string[];
}

export interface CompiledRule {
  id: string;
  points: number;
  /** "+20 title seniority is vp" when the rule fires for the lead, else undefined. */
  evaluate(lead: LeadView): string | undefined;
}

export interface CompiledSection {
  max: number | undefined;
  rules: CompiledRule[];
}

export interface CompiledRuleSet {
  /** The rule set as validated; frozen. */
  readonly ruleSet: Readonly<ScoringRuleSet>;
  readonly version: number;
  readonly fit: CompiledSection;
  readonly intent: CompiledSection;
  readonly engagement: Readonly<EngagementSettings>;
  readonly decay: (ageMs: number) => number;
  readonly tiers: Readonly<TierThresholds>;
  /** Which lead fields rules read, so score() folds only those. */
  readonly reads: ReadonlySet<RuleField>;
  /** parseTitle and the key functions of text-match.ts, remembering what they have seen (see memo). */
  parseTitle(title: string): ParsedTitle;
  textKey(text: string): string;
  foldText(text: string): string;
  revenueBandKey(text: string): string;
}

export class ScoringRuleSetError extends Error {
  constructor(readonly errors: RuleSetError[]) {
    super(`invalid scoring rule set: ${errors.map((e) => `${e.path || '(rule set)'}: ${e.message}`).join('; ')}`);
    this.name = 'ScoringRuleSetError';
  }
}

/**
 * Lead values repeat across a lead base ("CEO", "Computer Software", "Salesforce"): each compiled set
 * remembers the parsed titles and folded keys it has seen, up to a bound (then it starts over).
 */
const CACHE_LIMIT = 20_000;

function memo<T>(compute: (text: string) => T): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    let value = cache.get(text);
    if (value === undefined) {
      value = compute(text);
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(text, value);
    }
    return value;
  };
}

/**
 * Takes a ScoringRuleSet, or anything read back from storage: it validates first (a stored rule set may
 * predate today's checks, or be hand-edited) and compiles. Throws ScoringRuleSetError listing every problem;
 * validate on save so this never throws in the pipeline.
 */
export function compileRuleSet(ruleSet: unknown): CompiledRuleSet {
  const checked = validateScoringRuleSet(ruleSet);
  if (!checked.ok) throw new ScoringRuleSetError(checked.errors);
  const valid = deepFreeze(structuredClone(checked.ruleSet));
  const reads = new Set<RuleField>();
  for (const rule of [...valid.fit.rules, ...valid.intent.rules]) reads.add(rule.field);
  return {
    ruleSet: valid,
    version: valid.version,
    fit: { max: valid.fit.max, rules: valid.fit.rules.map((r) => compileRule(r)) },
    intent: { max: valid.intent.max, rules: valid.intent.rules.map((r) => compileRule(r)) },
    engagement: valid.engagement,
    decay: compileDecay(valid.engagement.decay),
    tiers: valid.tiers,
    reads,
    parseTitle: memo(parseTitle),
    textKey: memo(textKey),
    foldText: memo(foldText),
    revenueBandKey: memo(revenueBandKey),
  };
}

const NONE: readonly string[] = Object.freeze([]);

/** The folded view of a lead for the fields the compiled rules read. */
export function viewLead(compiled: CompiledRuleSet, inputs: ScoringInputs): LeadView {
  const { reads, textKey: key, foldText: search } = compiled;
  let keywords = NONE;
  if (reads.has('keywords')) {
    // Titles repeat and their folds are remembered; notes are mostly unique and are not.
    const title = inputs.title === null ? null : search(inputs.title);
    const notes = inputs.notes === null ? null : foldText(inputs.notes);
    keywords = title === null ? (notes === null ? NONE : [notes]) : notes === null ? [title] : [title, notes];
  }
  const industry = reads.has('industry') && inputs.industry !== null;
  const timeline = reads.has('timeline') && inputs.timeline !== null;
  return {
    inputs,
    industry: industry ? key(inputs.industry!) : '',
    revenueBand: reads.has('revenueBand') && inputs.revenueBand !== null ? compiled.revenueBandKey(inputs.revenueBand) : '',
    timeline: timeline ? key(inputs.timeline!) : '',
    industrySearch: industry ? [search(inputs.industry!)] : NONE,
    timelineSearch: timeline ? [search(inputs.timeline!)] : NONE,
    technologies: reads.has('technology') && inputs.technologies.length > 0 ? inputs.technologies.map(search) : NONE,
    keywords,
  };
}

/** How a text field reads from a lead: its shown value (null when missing), its key, its search keys. */
interface TextAccess {
  shown(lead: LeadView): string | null;
  key(lead: LeadView): string;
  /** The rule value's key, compared with key(). */
  valueKey(value: string): string;
  /** For fields that take containsAny. */
  search?(lead: LeadView): readonly string[];
}

const TEXT_FIELDS: Readonly<Partial<Record<RuleField, TextAccess>>> = {
  industry: { shown: (l) => l.inputs.industry, key: (l) => l.industry, valueKey: textKey, search: (l) => l.industrySearch },
  revenueBand: { shown: (l) => l.inputs.revenueBand, key: (l) => l.revenueBand, valueKey: revenueBandKey },
  timeline: { shown: (l) => l.inputs.timeline, key: (l) => l.timeline, valueKey: textKey, search: (l) => l.timelineSearch },
  country: { shown: (l) => l.inputs.country, key: (l) => l.inputs.country ?? '', valueKey: (v) => v.trim().toUpperCase() },
  // A lead without a title has no seniority or function to compare: only `missing` fires.
  titleSeniority: {
    shown: (l) => (l.inputs.title === null ? null : l.inputs.titleSeniority),
    key: (l) => (l.inputs.title === null ? '' : l.inputs.titleSeniority),
    valueKey: (v) => v.trim(),
  },
  titleFunction: {
    shown: (l) => (l.inputs.title === null ? null : l.inputs.titleFunction),
    key: (l) => (l.inputs.title === null ? '' : l.inputs.titleFunction),
    valueKey: (v) => v.trim(),
  },
};

const NUMBER_FIELDS: Readonly<Partial<Record<RuleField, (lead: LeadView) => number | null>>> = {
  employeeCount: (l) => l.inputs.employeeCount,
  budget: (l) => l.inputs.budget,
};

const LABELS: Readonly<Record<RuleField, string>> = {
  industry: 'industry',
  employeeCount: 'employee count',
  revenueBand: 'revenue band',
  country: 'country',
  titleSeniority: 'title seniority',
  titleFunction: 'title function',
  technology: 'technologies',
  budget: 'budget',
  timeline: 'timeline',
  keywords: 'title/notes',
};

type Test = (lead: LeadView) => boolean;
/** A rule applied to a lead: its explanation when it fires, else undefined. */
type Evaluate = (lead: LeadView) => string | undefined;

function compileRule(rule: ScoringRule<FitField | IntentField>): CompiledRule {
  const prefix = signedPoints(rule.points);
  const custom = rule.reason?.trim();
  if (custom) {
    const fixed = `${prefix} ${custom}`;
    const fires = compileEvaluate(rule, prefix);
    return { id: rule.id, points: rule.points, evaluate: (l) => (fires(l) === undefined ? undefined : fixed) };
  }
  return { id: rule.id, points: rule.points, evaluate: compileEvaluate(rule, prefix) };
}

/**
 * The rule's test and explanation in one function, with every part of the explanation that does not depend
 * on the lead put together once: a fired rule costs a concatenation or two (a million leads fire several
 * rules each), and what the test found (the phrase) is not searched for twice.
 */
function compileEvaluate(rule: ScoringRule<FitField | IntentField>, prefix: string): Evaluate {
  const label = LABELS[rule.field];
  if (rule.operator === 'missing') {
    const unknown = `${prefix} ${rule.field === 'titleSeniority' || rule.field === 'titleFunction' ? 'no title' : `${label} unknown`}`;
    const test = missingTest(rule.field);
    return (l) => (test(l) ? unknown : undefined);
  }

  const head = `${prefix} ${label} `;
  const value = NUMBER_FIELDS[rule.field];
  if (value) {
    const [low, high, tail]: [number, number, string] =
      rule.operator === 'between'
        ? [rule.value[0], rule.value[1], ` is within ${rule.value[0]}–${rule.value[1]}`]
        : rule.operator === 'gte'
          ? [rule.value, Number.POSITIVE_INFINITY, ` is at least ${rule.value}`]
          : rule.operator === 'lte'
            ? [Number.NEGATIVE_INFINITY, rule.value, ` is at most ${rule.value}`]
            : unsupported(rule);
    return (l) => {
      const v = value(l);
      return v !== null && v >= low && v <= high ? head + v + tail : undefined;
    };
  }

  if (rule.field === 'technology' || rule.field === 'keywords') {
    const text: (l: LeadView) => readonly string[] = rule.field === 'technology' ? (l) => l.technologies : (l) => l.keywords;
    const says = `${prefix} ${rule.field === 'technology' ? 'uses' : 'title/notes mention'} `;
    if (rule.operator === 'containsAll') {
      const phrases = phraseMatcher(rule.value);
      const all = `${says}all of ${rule.value.map((v) => `"${clip(v.trim())}"`).join(', ')}`;
      return (l) => (phrases.all(text(l)) ? all : undefined);
    }
    if (rule.operator !== 'containsAny') return unsupported(rule);
    const phrases = phraseMatcher(rule.value);
    return (l) => {
      const found = phrases.find(text(l));
      return found === undefined ? undefined : `${says}"${clip(found)}"`;
    };
  }

  const access = TEXT_FIELDS[rule.field]!;
  const shown = (l: LeadView) => clip(access.shown(l) ?? '');
  switch (rule.operator) {
    case 'equals': {
      const want = access.valueKey(rule.value);
      const is = `${head}is `;
      return (l) => (want !== '' && access.key(l) === want ? is + shown(l) : undefined);
    }
    case 'in': {
      const set = new Set(rule.value.map(access.valueKey));
      const is = `${head}is `;
      return (l) => (set.has(access.key(l)) ? is + shown(l) : undefined);
    }
    case 'notIn': {
      const set = new Set(rule.value.map(access.valueKey));
      const after = ` is not one of ${listPreview(rule.value.map((v) => v.trim()))}`;
      return (l) => {
        const key = access.key(l);
        return key !== '' && !set.has(key) ? head + shown(l) + after : undefined;
      };
    }
    case 'containsAny': {
      const phrases = phraseMatcher(rule.value);
      const search = access.search!;
      return (l) => {
        const found = phrases.find(search(l));
        return found === undefined ? undefined : `${head}"${shown(l)}" mentions "${clip(found)}"`;
      };
    }
    default:
      return unsupported(rule);
  }
}

/** The validator allows no other operator for the field; reaching this is a bug, not bad input. */
function unsupported(rule: ScoringRule): never {
  throw new Error(`operator ${rule.operator} cannot be compiled for ${rule.field}`);
}

function missingTest(field: RuleField): Test {
  switch (field) {
    case 'technology':
      return (l) => l.inputs.technologies.length === 0;
    case 'keywords':
      return (l) => l.keywords.length === 0;
    default: {
      const value = NUMBER_FIELDS[field];
      if (value) return (l) => value(l) === null;
      const access = TEXT_FIELDS[field]!;
      return (l) => access.shown(l) === null;
    }
  }
}

