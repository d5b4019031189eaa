/**
 * Turns a problem's path parts into the error an operator reads: the path with rules named by id where that is
 * unambiguous, the rule (id, or list and index) and the field, the same way for every kind.
 */
import type { PathPart, RuleSetError } from './rule-set-error.js';
import type { RuleSetKind } from './rule-set-kind.js';
import { child, listAt } from './values.js';

const MAX_ID_IN_PATH = 128;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export class Locator {
  /** Ids used exactly once in their group, per rule list (joined path). */
  private readonly uniqueIds = new Map<string, Set<string>>();

  constructor(
    private readonly kind: RuleSetKind<unknown>,
    private readonly input: unknown,
  ) {
    for (const group of kind.ruleLists) {
      const uses = new Map<string, number>();
      for (const list of group) for (const item of listAt(input, ...list)) {
        const id = this.usableId(item);
        if (id !== undefined) uses.set(id, (uses.get(id) ?? 0) + 1);
      }
      const unique = new Set([...uses].filter(([, n]) => n === 1).map(([id]) => id));
      for (const list of group) this.uniqueIds.set(list.join('.'), unique);
    }
  }

  locate(parts: readonly PathPart[], message: string): RuleSetError {
    const error: RuleSetError = { path: this.formatPath(parts), message };
    const rule = this.ruleListAt(parts);
    if (rule) {
      const index = parts[rule.length] as number;
      const item = child(listAt(this.input, ...rule), index);
      error.rule = this.usableId(item) ?? `${rule.join('.')}[${index}]`;
      const field = this.ruleField(item, parts.slice(rule.length + 1));
      if (field !== undefined) error.field = field;
    } else if (typeof parts[0] === 'string' && this.kind.sections?.includes(parts[0])) {
      error.rule = parts[0];
      const last = [...parts].reverse().find((p): p is string => typeof p === 'string');
      if (parts.length > 1 && last !== undefined) error.field = last;
    } else if (typeof parts[0] === 'string') {
      error.field = parts[0];
    }
    return error;
  }

  /** `fit.rules[id=vp-title].operator` when the id is unique in its group, else `fit.rules[3].operator`. */
  formatPath(parts: readonly PathPart[]): string {
    const rule = this.ruleListAt(parts);
    let out = '';
    parts.forEach((part, i) => {
      if (typeof part === 'number') {
        const id = rule && i === rule.length ? this.usableId(child(listAt(this.input, ...rule), part)) : undefined;
        out += id !== undefined && this.uniqueIds.get(rule!.join('.'))?.has(id) ? `[id=${id}]` : `[${part}]`;
      } else if (IDENTIFIER.test(part)) {
        out += out === '' ? part : `.${part}`;
      } else {
        out += `[${JSON.stringify(part.length > 40 ? `${part.slice(0, 40)}…` : part)}]`;
      }
    });
    return out;
  }

  /** The rule list the path goes into an item of, if any. */
  private ruleListAt(parts: readonly PathPart[]): readonly string[] | undefined {
    for (const group of this.kind.ruleLists) {
      for (const list of group) {
        if (parts.length > list.length && typeof parts[list.length] === 'number' && list.every((key, i) => parts[i] === key)) return list;
      }
    }
    return undefined;
  }

  private usableId(item: unknown): string | undefined {
    const id = child(item, 'id');
    return typeof id === 'string' && id.length <= MAX_ID_IN_PATH && this.kind.idPattern.test(id) ? id : undefined;
  }

  private ruleField(item: unknown, rest: readonly PathPart[]): string | undefined {
    if (this.kind.fieldProperty) {
      const named = child(item, this.kind.fieldProperty);
      if (typeof named === 'string' && named !== '') return named.length > 64 ? `${named.slice(0, 64)}…` : named;
    }
    const [key, sub] = rest;
    if (key === this.kind.conditionKey && sub !== undefined) return String(sub);
    return key === undefined ? undefined : String(key);
  }
}
