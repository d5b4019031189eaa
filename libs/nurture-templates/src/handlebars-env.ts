/**
 * The one Handlebars environment templates compile in: its own instance (nothing registered globally leaks in),
 * with only `if` and `unless` left among the built-in helpers. Lead fields are plain strings, so loops, context
 * changes and lookups have nothing to do; refusing them keeps every template analysable field by field.
 */
import Handlebars from 'handlebars';

export const hb = Handlebars.create();
for (const name of ['each', 'with', 'lookup', 'log']) hb.unregisterHelper(name);

export const ALLOWED_BLOCK_HELPERS: ReadonlySet<string> = new Set(['if', 'unless']);

export type TemplatePart = 'subject' | 'html' | 'text';

/** Strict mode: a field the context lacks throws instead of printing nothing; only the two helpers above exist. */
export function compilePart(source: string, part: TemplatePart): HandlebarsTemplateDelegate {
  return hb.compile(source, {
    strict: true,
    knownHelpersOnly: true,
    knownHelpers: { each: false, with: false, lookup: false, log: false, helperMissing: false, blockHelperMissing: false },
    // Lead fields are HTML-escaped in the HTML part only; the subject and the text part are plain text.
    noEscape: part !== 'html',
    preventIndent: true,
  });
}

/** Where a parse failed: Handlebars' own exceptions carry it, the parser's errors leave it on the lexer. */
export function parseErrorLocation(err: unknown): { line: number | null; column: number | null } {
  const e = err as { lineNumber?: number; column?: number };
  if (typeof e.lineNumber === 'number') return { line: e.lineNumber, column: typeof e.column === 'number' ? e.column + 1 : null };
  const loc = (hb as unknown as { Parser?: { lexer?: { yylloc?: { first_line?: number; first_column?: number } } } }).Parser?.lexer?.yylloc;
  if (loc && typeof loc.first_line === 'number') return { line: loc.first_line, column: typeof loc.first_column === 'number' ? loc.first_column + 1 : null };
  return { line: null, column: null };
}

/** The readable part of a Handlebars error: its first line, plus what the parser expected when it says so. */
export function parseErrorMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const lines = message.split('\n');
  const expecting = lines.find((l) => l.startsWith('Expecting '));
  const first = lines[0].replace(/ - \d+:\d+$/, '');
  return expecting ? `${first.replace(/:$/, '')}: ${expecting.replace(/^Expecting /, 'expected ')}` : first;
}
