/**
 * Seconds until a row whose effect failed is tried again: 1, 2, 4, … doubling per attempt up to `maxSeconds`, so a
 * long outage costs a few tries a minute per row, and the first retry after a blip comes at once.
 */
export function retryDelaySeconds(attempts: number, maxSeconds: number): number {
  const n = Math.max(1, Math.floor(attempts));
  // 2^30 s is far past any cap; the exponent is clamped so the number stays finite.
  return Math.min(maxSeconds, 2 ** Math.min(n - 1, 30));
}

/** An error as last_error keeps it: one line, short, and without addresses (the column is shown to operators). */
export function errorSummary(err: unknown): string {
  const text = err instanceof Error ? `${err.name === 'Error' ? '' : err.name + ': '}${err.message}` : String(err);
  return text
    .replace(/[^\s<>()"',;:@]+@[^\s<>()"',;:@]+/g, '<address>')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);
}
