/**
 * Rule sets as text: JSON or YAML, as an operator writes them or an editor uploads them. Both go through the
 * `yaml` parser (YAML 1.2 is a superset of JSON), so syntax errors and validation errors alike come back with
 * a line and column. Duplicate keys are refused (JSON.parse would silently keep the last one), aliases are
 * capped (no "billion laughs"), and `__proto__` keys become plain data, which the guard then refuses.
 */
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { PathPart, RuleSetError } from './rule-set-error.js';

/** The parsed text, kept so errors found later can point into it. */
export interface RuleSetSource {
  readonly doc: Document;
  readonly lines: LineCounter;
}

export type RuleSetTextParse = { ok: true; value: unknown; source: RuleSetSource } | { ok: false; errors: RuleSetError[] };

export const RULE_SET_TEXT_LIMITS = {
  /** Characters of text; the HTTP body limit of the stage services is the same 256 KiB. */
  maxChars: 256 * 1024,
  /** Alias uses when the document is turned into data. */
  maxAliases: 50,
} as const;

/** Parses JSON or YAML text into plain data; does not validate it. */
export function parseRuleSetText(text: unknown): RuleSetTextParse {
  const refuse = (message: string): RuleSetTextParse => ({ ok: false, errors: [{ path: '', message }] });
  if (typeof text !== 'string') return refuse('rule set text must be a string');
  if (text.length > RULE_SET_TEXT_LIMITS.maxChars) return refuse(`rule set text is ${text.length} characters long; the limit is ${RULE_SET_TEXT_LIMITS.maxChars}`);
  if (text.trim() === '') return refuse('rule set text is empty');
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true, schema: 'core', merge: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => {
        const at = e.linePos?.[0];
        const message = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
        return at ? { path: '', message: `line ${at.line}, column ${at.col}: ${message}`, line: at.line, column: at.col } : { path: '', message };
      }),
    };
  }
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: RULE_SET_TEXT_LIMITS.maxAliases }), source: { doc, lines } };
  } catch (e) {
    // toJS throws on an alias bomb (maxAliasCount) and similar; report it like a syntax error.
    return refuse(e instanceof Error ? e.message : String(e));
  }
}

/** The line and column of the deepest node on the path that exists in the text (a missing key: its parent). */
export function positionIn(source: RuleSetSource, parts: readonly PathPart[]): { line?: number; column?: number } {
  for (let n = parts.length; n >= 0; n--) {
    const node = n === 0 ? source.doc.contents : (source.doc.getIn(parts.slice(0, n), true) as { range?: [number, number, number] } | undefined);
    const offset = node?.range?.[0];
    if (offset === undefined) continue;
    const { line, col } = source.lines.linePos(offset);
    return { line, column: col };
  }
  return {};
}
