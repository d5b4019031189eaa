import type { z } from 'zod';
import type { RuleSetProblem } from './rule-set-error.js';

/** What one kind of rule set (scoring, qualification, routing) tells the kit; the rest is shared. */
export interface RuleSetKind<T> {
  /**
   * The shape: keys, types, ranges, with messages written for the operator who typed the rule set. Its output
   * may be looser than T (scoring checks a rule's value in its cross-checks): once the schema and the
   * cross-checks both pass, the value has T's guarantees.
   */
  schema: z.ZodType;
  /**
   * Lists whose items are rules (or territories, owners) with an `id`. Lists in one group share one id
   * namespace: an error path names an item by id (`fit.rules[id=vp-title]`) when the id is unique in its group.
   */
  ruleLists: ReadonlyArray<ReadonlyArray<readonly string[]>>;
  /** What a usable id looks like for this kind; other ids are named by index (`rules[3]`). */
  idPattern: RegExp;
  /** Top-level settings sections: an error inside names the section as `rule` and the setting as `field`. */
  sections?: readonly string[];
  /** A rule's conditions sit under this key (`when`, `match`): an error inside names the condition as `field`. */
  conditionKey?: string;
  /** A rule's own property that says which field it is about (scoring's `field`): used as `field` when it is text. */
  fieldProperty?: string;
  /** Checks across several values that the schema cannot express; they read the raw input defensively. */
  crossChecks?(input: unknown): RuleSetProblem[];
  /** Applied to a valid rule set before it is returned (e.g. country codes in upper case). */
  normalise?(ruleSet: T): T;
}
