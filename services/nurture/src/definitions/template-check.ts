import type { TemplateDefinition } from '#libs/contracts';
import { validateTemplate } from '#libs/nurture-templates';
import type { NurtureErrorDetail } from '../nurture-errors.js';

/** The template's problems (strict Handlebars, unknown helpers, fallbacks), each naming its part and position. */
export function templateProblems(definition: TemplateDefinition): NurtureErrorDetail[] {
  return validateTemplate(definition).map((p) => {
    const at = p.line !== null ? ` (line ${p.line}${p.column !== null ? `, column ${p.column}` : ''})` : '';
    const message = p.message.startsWith(p.part) ? p.message : `${p.part}: ${p.message}`;
    return { field: p.part, message: `${message}${at}`, ...(p.line !== null ? { line: p.line } : {}), ...(p.column !== null ? { column: p.column } : {}) };
  });
}
