/**
 * What every rule-set validator answers, whatever the kind (scoring, qualification, routing): the rule set, or
 * every problem, each naming where it is, which rule it belongs to and which field, and where in the text when
 * the rule set came as JSON or YAML text.
 */

/** A step into a rule set: an object key or a list index. */
export type PathPart = string | number;

/** A problem before it is located: where (as path parts) and what. */
export interface RuleSetProblem {
  path: PathPart[];
  message: string;
}

export interface RuleSetError {
  /** JSON path such as `fit.rules[id=vp-title].operator`, `owners[3].id` or `tiers.warm`; '' for the whole. */
  path: string;
  /** The rule, territory or owner: its id, or `rules[3]` when it has no usable id; for settings, the section. */
  rule?: string;
  /** A rule's field or condition (`titleSeniority`, `country`); for settings, the setting (`warm`). */
  field?: string;
  message: string;
  /** Where in the text (1-based), when the rule set was given as JSON or YAML text and the place exists there. */
  line?: number;
  column?: number;
}

export type RuleSetValidation<T = unknown> = { ok: true; ruleSet: T } | { ok: false; errors: RuleSetError[] };
