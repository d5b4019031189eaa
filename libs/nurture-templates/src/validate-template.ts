/**
 * Checks a template before it is stored, and tells which lead fields it needs. Subject, HTML and text parts compile
 * in strict mode with only #if and #unless; each field must be a lead field; the HTML may not print a field
 * unescaped, nor hold elements that run code, style the whole message or could hide the compliance footer.
 */
import type { TemplateDefinition } from '#libs/contracts';
import { parseDocument, DomUtils } from 'htmlparser2';
import { FORBIDDEN_ELEMENTS } from './compliance-footer.js';
import { compilePart, hb, parseErrorLocation, parseErrorMessage, type TemplatePart } from './handlebars-env.js';
import { LEAD_MERGE_FIELDS, isLeadMergeField, type LeadMergeField } from './merge-fields.js';
import { analysePart, type TemplateProblem } from './template-fields.js';

export interface TemplateInspection {
  /** Empty when the template can be stored and rendered. */
  problems: TemplateProblem[];
  /** Every lead field the template uses, in LEAD_MERGE_FIELDS order. */
  fields: LeadMergeField[];
  /** Printed where nothing guarantees a value: an empty one takes the fallback, or holds the step. */
  requiredFields: LeadMergeField[];
  /** Only tested, or printed under `{{#if field}}`: may be empty. */
  optionalFields: LeadMergeField[];
}

export function validateTemplate(def: TemplateDefinition): TemplateProblem[] {
  return inspectTemplate(def).problems;
}

export function inspectTemplate(def: TemplateDefinition): TemplateInspection {
  const parts = inspectParts(def);
  // Copies: the cached inspection is shared by every render of the template.
  return {
    problems: [...parts.problems, ...fallbackProblems(def.fallbacks)],
    fields: [...parts.fields],
    requiredFields: [...parts.requiredFields],
    optionalFields: [...parts.optionalFields],
  };
}

/** The text part the template defines, or null when it is derived from the HTML. */
export function explicitText(def: TemplateDefinition): string | null {
  return typeof def.text === 'string' && def.text.trim() !== '' ? def.text : null;
}

// Gmail clips a message past ~102 KB behind "View entire message", and the compliance footer comes last: a body
// must leave room for the lead's fields and the footer. A subject stays well inside one 998-character header line.
const MAX_LENGTH: Record<TemplatePart, number> = { subject: 250, html: 80_000, text: 80_000 };
const TOO_LONG: Record<TemplatePart, string> = {
  subject: `the subject is longer than ${MAX_LENGTH.subject} characters`,
  html: `the HTML part is longer than ${MAX_LENGTH.html} characters; Gmail would clip the message and hide the unsubscribe footer`,
  text: `the text part is longer than ${MAX_LENGTH.text} characters`,
};

// Parsing is the costly part and a template is rendered for many leads: cached by source.
const cache = new Map<string, TemplateInspection>();
const CACHE_LIMIT = 500;

function inspectParts(def: TemplateDefinition): TemplateInspection {
  const text = explicitText(def);
  const key = `${def.subject}\u0000${def.html}\u0000${text ?? ''}`;
  const hit = cache.get(key);
  if (hit) return hit;

  const problems: TemplateProblem[] = [];
  const required = new Set<LeadMergeField>();
  const optional = new Set<LeadMergeField>();
  const sources: Array<[TemplatePart, string | null]> = [
    ['subject', def.subject],
    ['html', def.html],
    ['text', text],
  ];
  for (const [part, source] of sources) {
    if (source === null) continue;
    if (typeof source !== 'string' || source.trim() === '') {
      problems.push({ part, code: 'empty-part', message: `the ${part === 'html' ? 'HTML part' : part} is empty`, line: null, column: null });
      continue;
    }
    if (source.length > MAX_LENGTH[part]) {
      problems.push({ part, code: 'too-long', message: TOO_LONG[part], line: null, column: null });
      continue;
    }
    if (part === 'subject' && /[\r\n]/.test(source)) {
      problems.push({ part, code: 'not-allowed', message: 'the subject is one line', line: null, column: null });
    }
    const fields = analysePart(source, part);
    problems.push(...fields.problems);
    fields.required.forEach((f) => required.add(f));
    fields.optional.forEach((f) => optional.add(f));
    if (fields.problems.length === 0) problems.push(...compileProblems(source, part));
    if (part === 'html') problems.push(...htmlProblems(source));
  }
  for (const f of required) optional.delete(f);
  const inOrder = (set: Set<LeadMergeField>) => LEAD_MERGE_FIELDS.filter((f) => set.has(f));
  const result: TemplateInspection = {
    problems,
    fields: LEAD_MERGE_FIELDS.filter((f) => required.has(f) || optional.has(f)),
    requiredFields: inOrder(required),
    optionalFields: inOrder(optional),
  };
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, result);
  return result;
}

/** Handlebars' own compiler, strict, as a last check (the syntax walk already refused what it would). */
function compileProblems(source: string, part: TemplatePart): TemplateProblem[] {
  try {
    compilePart(source, part);
    hb.precompile(source, { strict: true, knownHelpersOnly: true, knownHelpers: { each: false, with: false, lookup: false, log: false } });
    return [];
  } catch (err) {
    return [{ part, code: 'parse-error', message: parseErrorMessage(err), ...parseErrorLocation(err) }];
  }
}

function htmlProblems(source: string): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const doc = parseDocument(source, { decodeEntities: false, withStartIndices: true });
  const at = (index: number | null) => lineColumn(source, index ?? 0);
  for (const el of DomUtils.findAll((e) => FORBIDDEN_ELEMENTS.has(e.name.toLowerCase()), doc.children)) {
    problems.push({ part: 'html', code: 'forbidden-element', message: `<${el.name}> is not allowed in an email template`, ...at(el.startIndex) });
  }
  for (const el of DomUtils.findAll((e) => e.name.toLowerCase() === 'html' || e.name.toLowerCase() === 'body', doc.children)) {
    const attrs = Object.keys(el.attribs).filter((a) => !['lang', 'dir'].includes(a.toLowerCase()));
    if (attrs.length > 0) {
      problems.push({
        part: 'html',
        code: 'not-allowed',
        message: `<${el.name}> may only have lang and dir (${attrs.join(', ')} would also apply to the unsubscribe footer); style an inner element`,
        ...at(el.startIndex),
      });
    }
  }
  return problems;
}

function fallbackProblems(fallbacks: TemplateDefinition['fallbacks']): TemplateProblem[] {
  if (fallbacks === undefined || fallbacks === null) return [];
  const problem = (message: string): TemplateProblem => ({ part: 'fallbacks', code: 'bad-fallback', message, line: null, column: null });
  if (typeof fallbacks !== 'object' || Array.isArray(fallbacks)) return [problem('fallbacks map lead fields to text, e.g. { "firstName": "there" }')];
  const problems: TemplateProblem[] = [];
  for (const [field, value] of Object.entries(fallbacks)) {
    if (!isLeadMergeField(field)) problems.push(problem(`fallback for unknown field ${field} (lead fields: ${LEAD_MERGE_FIELDS.join(', ')})`));
    else if (typeof value !== 'string' || value.trim() === '') problems.push(problem(`the fallback for ${field} is empty; remove it to hold leads without a ${field}`));
  }
  return problems;
}

function lineColumn(source: string, index: number): { line: number; column: number } {
  const before = source.slice(0, index);
  const line = before.split('\n').length;
  return { line, column: index - (before.lastIndexOf('\n') + 1) + 1 };
}
