import { WEEKDAYS, type LeadFacts, type NurtureMemo, type WeeklySendWindow } from '#libs/contracts';

/**
 * Pure rules of admission: which day's capacity a run uses, how the cursor moves from paging routing's routes to
 * paging the admitted enrolments, and what the Web UI's memo says about a lead.
 */

/** The campaign's local calendar date of an instant, "YYYY-MM-DD": admission counts per local day. */
export function localDay(atIso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(atIso));
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/**
 * Hours a day the window is open, on its shortest sending day: the hourly cap and the spacing bound a mailbox
 * over those hours (mailbox-capacity's dailyNewLeadLimit). The shortest day keeps the limit safe on every day.
 */
export function sendingHoursPerDay(window: WeeklySendWindow): number {
  let shortest = Number.POSITIVE_INFINITY;
  for (const day of WEEKDAYS) {
    const range = window[day];
    if (!range) continue;
    const minutes = toMinutes(range.end, true) - toMinutes(range.start, false);
    if (minutes > 0) shortest = Math.min(shortest, minutes / 60);
  }
  return Number.isFinite(shortest) ? shortest : 0;
}

function toMinutes(hhmm: string, isEnd: boolean): number {
  if (isEnd && hhmm === '24:00') return 1440;
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

/**
 * One cursor over two phases: first routing's enrolled routes ("routes:<last lead id>"), each page queued; then,
 * once routing has no more, the enrolments admitted and not yet started ("admitted:<last enrolment id>").
 */
export type AdmissionCursor = { phase: 'routes'; after: string | null } | { phase: 'admitted'; after: string | null };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function parseAdmissionCursor(cursor: string | null): AdmissionCursor | null {
  if (cursor === null) return { phase: 'routes', after: null };
  const [phase, after, ...rest] = cursor.split(':');
  if (rest.length > 0 || (phase !== 'routes' && phase !== 'admitted') || after === undefined) return null;
  if (after === '') return { phase, after: null };
  return UUID.test(after) ? { phase, after } : null;
}

export function formatAdmissionCursor(c: AdmissionCursor): string {
  return `${c.phase}:${c.after ?? ''}`;
}

/** A person's name for the Web UI; the address's local part when harvest has no name. */
export function displayName(facts: Pick<LeadFacts, 'firstName' | 'lastName' | 'email'>): string {
  const name = [facts.firstName, facts.lastName].filter((p): p is string => typeof p === 'string' && p.trim() !== '').map((p) => p.trim()).join(' ');
  return name || facts.email.slice(0, Math.max(0, facts.email.lastIndexOf('@'))) || facts.email;
}

export function emailDomainOf(email: string): string {
  const at = email.lastIndexOf('@');
  return at >= 0 ? email.slice(at + 1).toLowerCase() : '';
}

export function nurtureMemo(e: { displayName: string; email: string; ownerId: string | null; sequenceId: string; sequenceVersion: number }): NurtureMemo {
  return { displayName: e.displayName, emailDomain: emailDomainOf(e.email), owner: e.ownerId, sequence: `${e.sequenceId} v${e.sequenceVersion}` };
}

/** Admission order within a score: hot before warm before cool before cold (SQL and the queue view agree). */
export function tierRankSql(tierColumn: string): string {
  return `CASE ${tierColumn} WHEN 'hot' THEN 0 WHEN 'warm' THEN 1 WHEN 'cool' THEN 2 ELSE 3 END`;
}

/** The queue's order, best first: score, then tier, then time queued (the id only breaks exact ties). */
export function queueOrderSql(alias: string): string {
  return `${alias}.score DESC, ${tierRankSql(`${alias}.tier`)}, ${alias}.queued_at, ${alias}.id`;
}
