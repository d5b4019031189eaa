/**
 * Rule sets as text: JSON or YAML, as an operator writes them or an editor uploads them. Both go through the
 * `yaml` parser (YAML 1.2 is a superset of JSON), so syntax errors and validation errors alike come back with
 * a line and column. Duplicate keys are refused (JSON.parse would silently keep the last one), aliases are
 * capped (no "billion laughs"), and `__proto__` keys become plain data, which validation then refuses.
 */
import { LineCounter, parseDocument, type Document } from 'yaml';
import { RULE_SET_LIMITS as L } from './rule-set.js';
import type { PathPart } from './rule-set-checks.js';
import { validateLocated, type RuleSetError, type RuleSetValidation } from './validate-rule-set.js';

export type RuleSetTextParse = { ok: true; value: unknown } | { ok: false; errors: RuleSetError[] };

/** Parses JSON or YAML text into plain data; does not validate it. */
export function parseScoringRuleSetText(text: string): RuleSetTextParse {
  const parsed = parseText(text);
  return parsed.ok ? { ok: true, value: parsed.value } : parsed;
}

/** Parses and validates; every error carries the line and column of the value it is about. */
export function validateScoringRuleSetText(text: string): RuleSetValidation {
  const parsed = parseText(text);
  if (!parsed.ok) return parsed;
  const result = validateLocated(parsed.value);
  if (result.ok) return result;
  return {
    ok: false,
    errors: result.errors.map(({ parts, ...error }) => ({ ...error, ...position(parsed.doc, parsed.lines, parts) })),
  };
}

type Parsed = { ok: true; value: unknown; doc: Document; lines: LineCounter } | { ok: false; errors: RuleSetError[] };

function parseText(text: string): Parsed {
  if (typeof text !== 'string') return { ok: false, errors: [{ path: '', message: 'rule set text must be a string' }] };
  if (text.length > L.maxTextBytes) {
    return { ok: false, errors: [{ path: '', message: `rule set text is ${text.length} characters long; the limit is ${L.maxTextBytes}` }] };
  }
  if (text.trim() === '') return { ok: false, errors: [{ path: '', message: 'rule set text is empty' }] };
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true, schema: 'core', merge: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => {
        const at = e.linePos?.[0];
        const message = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
        return at
          ? { path: '', message: `line ${at.line}, column ${at.col}: ${message}`, line: at.line, column: at.col }
          : { path: '', message };
      }),
    };
  }
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: 100 }), doc, lines };
  } catch (e) {
    // toJS throws on an alias bomb (maxAliasCount) and similar; report it like a syntax error.
    return { ok: false, errors: [{ path: '', message: e instanceof Error ? e.message : String(e) }] };
  }
}

/** The line and column of the deepest node on the path that exists in the document. */
function position(doc: Document, lines: LineCounter, parts: readonly PathPart[]): { line?: number; column?: number } {
  for (let n = parts.length; n >= 0; n--) {
    const node = doc.getIn(parts.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    const offset = n === 0 ? doc.contents?.range?.[0] : node?.range?.[0];
    if (offset === undefined) continue;
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  }
  return {};
}
