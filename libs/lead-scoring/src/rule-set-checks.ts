/**
 * Checks that span several values of a rule set, which the shape schema cannot express: the field catalogue,
 * which operator suits which field, each rule's value for its operator, unique rule ids, opens weighing less
 * than clicks and replies, strictly descending tiers, decay steps in order. They read the raw input
 * defensively, so they still report when other parts of the rule set failed the schema.
 */
import {
  FIT_FIELDS,
  INTENT_FIELDS,
  OPERATORS,
  OPERATORS_BY_FIELD,
  RULE_ID_PATTERN,
  RULE_SET_LIMITS as L,
  SENIORITIES,
  TITLE_FUNCTIONS,
  isFitField,
  isIntentField,
  type Operator,
  type RuleField,
} from './rule-set.js';
import { child as get, countryCodeMessage, isCountryCode, listAt as list, type PathPart, type RuleSetProblem } from '#libs/rule-set-kit';
import { describeValue, orList, quote } from './show.js';
import { revenueBandKey, textKey } from './text-match.js';

/** Largest plausible employer and budget: bigger numbers are unit or column mix-ups. */
const MAX_EMPLOYEES = 10_000_000;
const MAX_BUDGET = 1e15;

export function findRuleSetProblems(input: unknown): RuleSetProblem[] {
  const problems: RuleSetProblem[] = [];
  const firstUse = new Map<string, string>();
  for (const section of ['fit', 'intent'] as const) {
    list(get(input, section), 'rules').forEach((rule, i) => {
      const path = [section, 'rules', i];
      checkRule(rule, section, path, problems);
      const id = get(rule, 'id');
      if (typeof id !== 'string' || !RULE_ID_PATTERN.test(id)) return;
      const first = firstUse.get(id);
      if (first === undefined) firstUse.set(id, `${section}.rules[${i}]`);
      else problems.push({ path: [...path, 'id'], message: `duplicate rule id ${quote(id)} (also used by ${first}); ids must be unique` });
    });
  }
  checkEngagement(get(input, 'engagement'), problems);
  checkTiers(get(input, 'tiers'), problems);
  return problems;
}

function checkRule(rule: unknown, section: 'fit' | 'intent', path: PathPart[], problems: RuleSetProblem[]): void {
  const field = get(rule, 'field');
  const operator = get(rule, 'operator');
  let known: RuleField | undefined;
  if (typeof field === 'string') {
    if (isFitField(field) || isIntentField(field)) known = field;
    const here = section === 'fit' ? FIT_FIELDS : INTENT_FIELDS;
    if (!known) {
      problems.push({ path: [...path, 'field'], message: `unknown field ${quote(field)}; ${section} rules take ${orList(here)}` });
    } else if (section === 'fit' && !isFitField(field)) {
      problems.push({ path: [...path, 'field'], message: `${field} is an intent field: move this rule to intent.rules` });
    } else if (section === 'intent' && !isIntentField(field)) {
      problems.push({ path: [...path, 'field'], message: `${field} is a fit field: move this rule to fit.rules` });
    }
  }
  if (typeof operator !== 'string') return;
  if (!(OPERATORS as readonly string[]).includes(operator)) {
    const hint = known ? `${known} takes ${orList(OPERATORS_BY_FIELD[known])}` : `operators are ${orList(OPERATORS)}`;
    problems.push({ path: [...path, 'operator'], message: `unknown operator ${quote(operator)}; ${hint}` });
    return;
  }
  if (!known) return;
  const allowed = OPERATORS_BY_FIELD[known];
  if (!allowed.includes(operator as Operator)) {
    problems.push({ path: [...path, 'operator'], message: `operator ${quote(operator)} does not apply to ${known}; use ${orList(allowed)}` });
    return;
  }
  const hasValue = typeof rule === 'object' && rule !== null && Object.hasOwn(rule, 'value');
  checkValue(known, operator as Operator, hasValue ? get(rule, 'value') : undefined, [...path, 'value'], problems);
}

const VALUE_NEEDED: Readonly<Record<Exclude<Operator, 'missing'>, string>> = {
  equals: 'equals compares with one value',
  in: 'in takes a list of values',
  notIn: 'notIn takes a list of values',
  containsAny: 'containsAny takes a list of words or phrases',
  containsAll: 'containsAll takes a list of words or phrases',
  between: 'between takes [lowest, highest]',
  gte: 'gte takes a number',
  lte: 'lte takes a number',
};

function checkValue(field: RuleField, operator: Operator, value: unknown, path: PathPart[], problems: RuleSetProblem[]): void {
  if (operator === 'missing') {
    if (value !== undefined) problems.push({ path, message: 'missing takes no value; remove "value"' });
    return;
  }
  if (value === undefined) {
    problems.push({ path, message: `is required: ${VALUE_NEEDED[operator]}` });
    return;
  }
  switch (operator) {
    case 'equals':
      checkText(field, value, path, problems);
      return;
    case 'in':
    case 'notIn':
    case 'containsAny':
    case 'containsAll':
      if (!Array.isArray(value)) {
        problems.push({ path, message: `must be a list (got ${describeValue(value)}): ${VALUE_NEEDED[operator]}` });
      } else if (value.length === 0) {
        problems.push({ path, message: 'must not be empty: a rule with no values never fires' });
      } else if (value.length > L.maxListItems) {
        problems.push({ path, message: `has ${value.length} values; the limit is ${L.maxListItems}` });
      } else {
        value.forEach((item, j) => checkText(field, item, [...path, j], problems));
      }
      return;
    case 'between': {
      if (!Array.isArray(value) || value.length !== 2) {
        problems.push({ path, message: `must be [lowest, highest] (got ${describeValue(value)}${Array.isArray(value) ? ` of ${value.length}` : ''})` });
        return;
      }
      const okLow = checkNumber(field, value[0], [...path, 0], problems);
      const okHigh = checkNumber(field, value[1], [...path, 1], problems);
      if (okLow && okHigh && (value[0] as number) > (value[1] as number)) {
        problems.push({ path, message: `lowest (${value[0]}) is above highest (${value[1]}), so the rule never fires` });
      }
      return;
    }
    case 'gte':
    case 'lte':
      checkNumber(field, value, path, problems);
  }
}

function checkText(field: RuleField, value: unknown, path: PathPart[], problems: RuleSetProblem[]): void {
  if (typeof value !== 'string') {
    problems.push({ path, message: `must be text (got ${describeValue(value)})` });
    return;
  }
  const text = value.trim();
  if (text === '') {
    problems.push({ path, message: 'must not be empty' });
    return;
  }
  if (value.length > L.maxTextLength) {
    problems.push({ path, message: `is ${value.length} characters long; the limit is ${L.maxTextLength}` });
    return;
  }
  switch (field) {
    case 'country':
      if (!isCountryCode(value)) problems.push({ path, message: countryCodeMessage(value) });
      return;
    case 'titleSeniority':
      if (!(SENIORITIES as readonly string[]).includes(text)) {
        problems.push({ path, message: `must be one of ${orList(SENIORITIES)} (got ${quote(value)})` });
      }
      return;
    case 'titleFunction':
      if (!(TITLE_FUNCTIONS as readonly string[]).includes(text)) {
        problems.push({ path, message: `must be one of ${orList(TITLE_FUNCTIONS)} (got ${quote(value)})` });
      }
      return;
    case 'revenueBand':
      if (revenueBandKey(text) === '') problems.push({ path, message: `has nothing to compare (got ${quote(value)})` });
      return;
    default:
      if (textKey(text) === '') problems.push({ path, message: `has no letters or digits, so it can never match (got ${quote(value)})` });
  }
}

/** True when the value is a usable number for the field. */
function checkNumber(field: RuleField, value: unknown, path: PathPart[], problems: RuleSetProblem[]): boolean {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    problems.push({ path, message: `must be a finite number (got ${describeValue(value)})` });
    return false;
  }
  if (field === 'employeeCount') {
    if (!Number.isInteger(value) || value < 0 || value > MAX_EMPLOYEES) {
      problems.push({ path, message: `must be a whole number of employees from 0 to ${MAX_EMPLOYEES} (got ${value})` });
      return false;
    }
  } else if (value < 0 || value > MAX_BUDGET) {
    problems.push({ path, message: `must be a budget from 0 to ${MAX_BUDGET} (got ${value})` });
    return false;
  }
  return true;
}

function checkEngagement(engagement: unknown, problems: RuleSetProblem[]): void {
  const open = get(engagement, 'open');
  for (const stronger of ['click', 'reply'] as const) {
    const points = get(engagement, stronger);
    if (isNumber(open) && isNumber(points) && open >= points) {
      problems.push({
        path: ['engagement', 'open'],
        message: `open (${open}) must weigh less than ${stronger} (${points}): a ${stronger} shows more intent than an open`,
      });
    }
  }
  const decay = get(engagement, 'decay');
  if (get(decay, 'kind') !== 'steps') return;
  const steps = list(decay, 'steps');
  for (let i = 1; i < steps.length; i++) {
    const [before, after] = [get(steps[i - 1], 'afterDays'), get(steps[i], 'afterDays')];
    if (isNumber(before) && isNumber(after) && after <= before) {
      problems.push({ path: ['engagement', 'decay', 'steps', i, 'afterDays'], message: `must be later than the step before (${before} days)` });
    }
    const [keptBefore, kept] = [get(steps[i - 1], 'keep'), get(steps[i], 'keep')];
    if (isNumber(keptBefore) && isNumber(kept) && kept > keptBefore) {
      problems.push({
        path: ['engagement', 'decay', 'steps', i, 'keep'],
        message: `must not be more than the step before (${keptBefore}): engagement only ages out`,
      });
    }
  }
}

function checkTiers(tiers: unknown, problems: RuleSetProblem[]): void {
  const [hot, warm, cool] = [get(tiers, 'hot'), get(tiers, 'warm'), get(tiers, 'cool')];
  if (isNumber(hot) && isNumber(warm) && warm >= hot) {
    problems.push({ path: ['tiers', 'warm'], message: `must be below hot (${hot}): tiers descend hot > warm > cool` });
  }
  if (isNumber(warm) && isNumber(cool) && cool >= warm) {
    problems.push({ path: ['tiers', 'cool'], message: `must be below warm (${warm}): tiers descend hot > warm > cool` });
  } else if (!isNumber(warm) && isNumber(hot) && isNumber(cool) && cool >= hot) {
    problems.push({ path: ['tiers', 'cool'], message: `must be below hot (${hot}): tiers descend hot > warm > cool` });
  }
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
