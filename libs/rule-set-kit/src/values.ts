/** Defensive reads of raw input: own properties only, never through a prototype. */
import type { PathPart } from './rule-set-error.js';

export function child(value: unknown, part: PathPart): unknown {
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) return typeof part === 'number' ? value[part] : undefined;
  return typeof part === 'string' && Object.hasOwn(value, part) ? (value as Record<string, unknown>)[part] : undefined;
}

export function valueAt(value: unknown, parts: readonly PathPart[]): unknown {
  let at = value;
  for (const part of parts) at = child(at, part);
  return at;
}

/** The list at `key`, or none when it is missing or not a list. */
export function listAt(value: unknown, ...parts: PathPart[]): unknown[] {
  const list = valueAt(value, parts);
  return Array.isArray(list) ? list : [];
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
