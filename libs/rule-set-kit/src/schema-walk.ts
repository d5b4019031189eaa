/**
 * Reads a kind's zod schema along a path, so messages and order come from the schema itself: which properties
 * an object allows (for "unknown property"), and the order a reader meets keys in (for sorting errors). Zod's
 * definitions are data (`_zod.def`); wrappers (optional, nullable, transforms) are looked through, and a
 * discriminated union is read as the option the input picks.
 */
import type { z } from 'zod';
import type { PathPart } from './rule-set-error.js';
import { child } from './values.js';

type Schema = z.core.$ZodType;
interface Def {
  type: string;
  shape?: Record<string, Schema>;
  element?: Schema;
  valueType?: Schema;
  items?: Schema[];
  innerType?: Schema;
  in?: Schema;
  getter?: () => Schema;
  options?: Schema[];
  discriminator?: string;
  values?: unknown[];
}

const defOf = (schema: Schema): Def => schema._zod.def as unknown as Def;

/** The schema of the value at `parts`, or undefined where the schema says nothing (unknown keys). */
export function schemaAt(schema: Schema, parts: readonly PathPart[], input: unknown): Schema | undefined {
  let at: Schema | undefined = unwrap(schema, input);
  let value = input;
  for (const part of parts) {
    if (!at) return undefined;
    const def = defOf(at);
    if (def.type === 'object') at = typeof part === 'string' && Object.hasOwn(def.shape!, part) ? def.shape![part] : undefined;
    else if (def.type === 'array') at = def.element;
    else if (def.type === 'record') at = def.valueType;
    else if (def.type === 'tuple') at = typeof part === 'number' ? def.items![part] : undefined;
    else return undefined;
    value = child(value, part);
    at = at && unwrap(at, value);
  }
  return at;
}

/** The keys an object schema allows, in the schema's order; undefined when the value there is no object. */
export function objectKeys(schema: Schema | undefined): string[] | undefined {
  if (!schema) return undefined;
  const def = defOf(schema);
  return def.type === 'object' ? Object.keys(def.shape!) : undefined;
}

function unwrap(schema: Schema, value: unknown): Schema | undefined {
  let at: Schema | undefined = schema;
  for (let hops = 0; at && hops < 32; hops++) {
    const def = defOf(at);
    if (def.innerType) at = def.innerType;
    else if (def.type === 'pipe') at = def.in;
    else if (def.type === 'lazy') at = def.getter!();
    else if (def.type === 'union') at = pickOption(def, value);
    else return at;
  }
  return at;
}

function pickOption(def: Def, value: unknown): Schema | undefined {
  const options = def.options ?? [];
  if (def.discriminator) {
    const tag = child(value, def.discriminator);
    const picked = options.find((option) => {
      const literal = objectShape(option)?.[def.discriminator!];
      return literal !== undefined && (defOf(literal).values ?? []).includes(tag);
    });
    if (picked) return picked;
  }
  return options.find((option) => objectShape(option) !== undefined) ?? options[0];
}

function objectShape(schema: Schema): Record<string, Schema> | undefined {
  const def = defOf(schema);
  return def.type === 'object' ? def.shape : undefined;
}
