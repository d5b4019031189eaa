/**
 * CSV/formula injection guard for exports (OWASP ASVS 5.0 1.2.10, CWE-1236).
 * Imported values are stored exactly as given ("+49 30 1234" is a phone number, not an attack); the guard
 * belongs where a spreadsheet will open the data. Quoting alone does not help: Excel still evaluates "=…".
 * Trade-off: a negative number such as "-5" is exported as "'-5".
 */
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r', '\0']);

export function escapeCsvFormula(value: string): string {
  return value.length > 0 && FORMULA_START.has(value[0]!) ? `'${value}` : value;
}
