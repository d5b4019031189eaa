/**
 * The routing business day: owner capacity and daily enrolment caps count per calendar day in the configured
 * time zone, so a team in Berlin gets a fresh day at Berlin midnight, not at UTC midnight.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** "2025-01-06" for the day `epochMs` falls on in `timeZone` (an IANA zone, validated by the config). */
export function businessDayKey(epochMs: number, timeZone: string): string {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, format);
  }
  const parts: Record<string, string> = {};
  for (const p of format.formatToParts(new Date(epochMs))) parts[p.type] = p.value;
  return `${parts.year}-${parts.month}-${parts.day}`;
}
