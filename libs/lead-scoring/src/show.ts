/** Short, stable renderings of values for error messages and score explanations (no locale: reproducible). */

/** A bad value as it appears in a message: strings quoted and cut, numbers as written, containers by kind. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

export function quote(text: string, max = 40): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}

/** A lead's value inside an explanation: as the lead has it, cut to keep stored contributions small. */
export function clip(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** "+20", "-10", "0", "+7.25". Callers round to hundredths first (the hot path should not pay twice). */
export function signedPoints(points: number): string {
  return points > 0 ? `+${points}` : points === 0 ? '0' : String(points);
}

/**
 * The same for a whole number of hundredths (engagement after decay): 725 → "+7.25", -150 → "-1.5". Integer
 * arithmetic only, which is cheaper than printing a fraction and prints exactly what `hundredths / 100` is.
 */
export function signedHundredths(hundredths: number): string {
  if (hundredths === 0) return '0';
  const abs = Math.abs(hundredths);
  const whole = Math.floor(abs / 100);
  const cents = abs - whole * 100;
  const fraction = cents === 0 ? '' : cents % 10 === 0 ? `.${cents / 10}` : cents < 10 ? `.0${cents}` : `.${cents}`;
  return `${hundredths > 0 ? '+' : '-'}${whole}${fraction}`;
}

export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** "US, GB, CA" or "US, GB, CA (+9 more)". */
export function listPreview(items: readonly string[], shown = 3): string {
  const head = items.slice(0, shown).join(', ');
  return items.length > shown ? `${head} (+${items.length - shown} more)` : head;
}

/** "a", "a or b", "a, b or c" */
export function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
