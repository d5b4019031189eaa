/**
 * One step's email for one lead. A field the template prints is the lead's value, else the template's fallback;
 * when it has neither, nothing is rendered and the step waits with a reason a person can act on (never "Hi ,").
 * Lead fields are HTML-escaped in the HTML part only: the subject and text part are plain text and carry the
 * characters themselves. The text part is derived from the HTML when the template has none. Both parts end with
 * the compliance footer (compliance-footer.ts), whatever the template says.
 */
import type { TemplateDefinition } from '#libs/contracts';
import { compile } from 'html-to-text';
import { withHtmlFooter, withTextFooter, checkFooter, type ComplianceFooter } from './compliance-footer.js';
import { compilePart } from './handlebars-env.js';
import { LEAD_MERGE_FIELDS, presentValue, type LeadMergeField, type LeadMergeFields } from './merge-fields.js';
import type { TemplateProblem } from './template-fields.js';
import { explicitText, inspectTemplate } from './validate-template.js';

export interface RenderStepInput {
  template: TemplateDefinition;
  lead: LeadMergeFields;
  compliance: ComplianceFooter;
}

export type RenderedStep =
  | {
      kind: 'rendered';
      /** One line, plain text. */
      subject: string;
      html: string;
      text: string;
      /** Fields the lead lacked and the template's fallback filled. */
      usedFallbacks: string[];
    }
  /** The lead lacks fields the template prints with no fallback: hold the step with `reason`. */
  | { kind: 'missing'; fields: string[]; reason: string };

/** A stored template that does not validate: a data error for a person, not something a retry fixes. */
export class TemplateError extends Error {
  constructor(
    readonly templateId: string,
    readonly problems: TemplateProblem[],
  ) {
    super(`template ${templateId} is not valid: ${problems.map((p) => p.message).join('; ')}`);
    this.name = 'TemplateError';
  }
}

/**
 * @throws TemplateError when the template does not validate (validateTemplate refuses it when it is saved)
 * @throws ComplianceError when the unsubscribe URL is not https or the postal address is empty
 */
export function renderStep({ template, lead, compliance }: RenderStepInput): RenderedStep {
  const inspection = inspectTemplate(template);
  if (inspection.problems.length > 0) throw new TemplateError(template.id, inspection.problems);
  checkFooter(compliance);

  const context: Record<LeadMergeField, string | null> = Object.create(null);
  for (const f of LEAD_MERGE_FIELDS) context[f] = presentValue(lead[f]);
  const usedFallbacks: string[] = [];
  const missing: string[] = [];
  const required = new Set(inspection.requiredFields);
  for (const f of inspection.fields) {
    if (context[f] !== null) continue;
    const fallback = presentValue(template.fallbacks?.[f]);
    if (fallback !== null) {
      context[f] = fallback;
      usedFallbacks.push(f);
    } else if (required.has(f)) {
      missing.push(f);
    }
  }
  if (missing.length > 0) return { kind: 'missing', fields: missing, reason: missingReason(missing) };

  const parts = compiled(template);
  const subject = oneLine(parts.subject(context));
  if (subject === '') return { kind: 'missing', fields: [], reason: 'the subject is empty for this lead' };
  const body = parts.html(context);
  const text = parts.text ? parts.text(context) : htmlToText(body);
  return {
    kind: 'rendered',
    subject,
    html: withHtmlFooter(body, compliance),
    text: withTextFooter(text, compliance),
    usedFallbacks,
  };
}

function missingReason(fields: string[]): string {
  return fields.length === 1
    ? `template field ${fields[0]} is empty and has no fallback`
    : `template fields ${fields.join(', ')} are empty and have no fallback`;
}

/** Header-safe: no line breaks or control characters from a lead field, single spaces. */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\s]+/g, ' ').trim();
}

// Compiling html-to-text's options once makes a conversion ~25× cheaper than convert() with options each time.
const toText = compile({
  wordwrap: false,
  selectors: [
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
    { selector: 'img', format: 'skip' },
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } })),
  ],
});

/** The plain-text version of an HTML body: links keep their URL, images are left out, headings keep their case. */
export function htmlToText(html: string): string {
  return toText(html).trim();
}

interface CompiledTemplate {
  subject: HandlebarsTemplateDelegate;
  html: HandlebarsTemplateDelegate;
  text: HandlebarsTemplateDelegate | null;
}
const compiledCache = new Map<string, CompiledTemplate>();
const CACHE_LIMIT = 500;

function compiled(def: TemplateDefinition): CompiledTemplate {
  const text = explicitText(def);
  const key = `${def.subject}\u0000${def.html}\u0000${text ?? ''}`;
  let hit = compiledCache.get(key);
  if (!hit) {
    hit = { subject: compilePart(def.subject, 'subject'), html: compilePart(def.html, 'html'), text: text === null ? null : compilePart(text, 'text') };
    if (compiledCache.size >= CACHE_LIMIT) compiledCache.delete(compiledCache.keys().next().value as string);
    compiledCache.set(key, hit);
  }
  return hit;
}
