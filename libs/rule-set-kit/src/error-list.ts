/**
 * One answer per rule set: each problem once, in the order a reader meets it in the document (the schema's
 * key order, list items by position), and at most a cap of them with a count of the rest.
 */
import type { z } from 'zod';
import type { PathPart, RuleSetError } from './rule-set-error.js';
import { objectKeys, schemaAt } from './schema-walk.js';

export interface LocatedError {
  parts: PathPart[];
  error: RuleSetError;
}

export function dedupeErrors(errors: LocatedError[]): LocatedError[] {
  const seen = new Set<string>();
  return errors.filter(({ error }) => {
    const key = `${error.path}\u0000${error.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function sortErrors(errors: LocatedError[], schema: z.core.$ZodType, input: unknown): LocatedError[] {
  const keyOrder = new Map<string, string[]>();
  const keysAt = (parts: readonly PathPart[]): string[] => {
    const at = JSON.stringify(parts);
    let keys = keyOrder.get(at);
    if (!keys) keyOrder.set(at, (keys = objectKeys(schemaAt(schema, parts, input)) ?? []));
    return keys;
  };
  const compare = (a: readonly PathPart[], b: readonly PathPart[]): number => {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const [x, y] = [a[i]!, b[i]!];
      if (x === y) continue;
      if (typeof x === 'number' || typeof y === 'number') return typeof x === 'number' && typeof y === 'number' ? x - y : typeof x === 'number' ? -1 : 1;
      // Keys the schema knows in its order; others (unknown properties, record keys) after them, by name.
      const keys = keysAt(a.slice(0, i));
      const [rx, ry] = [rank(keys, x), rank(keys, y)];
      return rx !== ry ? rx - ry : x < y ? -1 : 1;
    }
    return a.length - b.length;
  };
  return errors
    .map((located, i) => ({ located, i }))
    .sort((p, q) => compare(p.located.parts, q.located.parts) || p.i - q.i)
    .map(({ located }) => located);
}

function rank(keys: readonly string[], key: string): number {
  const i = keys.indexOf(key);
  return i === -1 ? keys.length : i;
}

export function capErrors(errors: RuleSetError[], max: number): RuleSetError[] {
  if (errors.length <= max) return errors;
  return [...errors.slice(0, max), { path: '', message: `${errors.length - max} more errors not listed` }];
}
