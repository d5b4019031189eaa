import * as chrono from 'chrono-node';
import type { ReplyLanguage } from './phrases.js';

/** A return date further out than this is capped (a typo such as "2072", or a sabbatical the sequence outlives). */
export const MAX_OUT_OF_OFFICE_DAYS = 90;
const DAY_MS = 86_400_000;

/**
 * Words right before a date that make it the return date ("until", "back on", "zurück am", "jusqu'au", …). Matched
 * against the 40 characters before the date; Japanese puts the cue after the date ("1月12日まで", "…に戻ります").
 */
const CUE_BEFORE =
  /(?:until|till|til|through|thru|back(?: in the office)?(?: on)?|return(?:ing)?(?: on)?|after|bis(?: zum| einschließlich| einschl\.)?|zurück(?: am| ab)?|wieder(?: da| im büro| erreichbar)?(?: am| ab)?|jusqu'(?:au|à|a)(?: lundi| mardi| mercredi| jeudi| vendredi| samedi| dimanche)?|de retour(?: le| au bureau le)?|retour le|à partir du|dès le|hasta(?: el)?|de vuelta(?: el)?|regreso el|regresaré el|volveré el|a partir del?|fino al?|fino a|rientro(?: il)?|rientrerò(?: il)?|di ritorno(?: il)?|dal|tot(?: en met)?|terug(?: op)?|vanaf|weer(?: op)?|até(?: dia| ao dia| o dia)?|de volta(?: em| a| no dia)?|regresso(?: a| em)?|retorno(?: em)?|a partir de|tillbaka(?: den)?|åter(?: den)?|till och med|från och med)\s*(?:the|le|el|il|de|den|der|dem|op|am|on|em|o|a|,)?\s*$/i;
const CUE_AFTER_JA = /^\s*(?:まで|に戻|から出社|より出社|に出社|以降)/;

export interface ReturnDate {
  date: Date;
  /** The words the date was read from ("Jan 12"), for the journey. */
  text: string;
  /** True when the date followed a return cue; false when it is just the latest date in the text. */
  cued: boolean;
  capped: boolean;
}

interface Candidate {
  index: number;
  length: number;
  text: string;
  date: Date;
}

const LOCALES: Record<ReplyLanguage, { parse: typeof chrono.parse }> = {
  en: chrono.en,
  de: chrono.de,
  fr: chrono.fr,
  es: chrono.es,
  it: chrono.it,
  nl: chrono.nl,
  pt: chrono.pt,
  sv: chrono.sv,
  ja: chrono.ja,
};

/** "15.01." and "15.1." (day and month, no year: chrono reads neither); the next such day on or after `ref`. */
function dottedDays(text: string, ref: Date): Candidate[] {
  const out: Candidate[] = [];
  for (const m of text.matchAll(/(?<![\d.])(\d{1,2})\.(\d{1,2})\.(?![\d])/g)) {
    const day = Number(m[1]);
    const month = Number(m[2]);
    if (day < 1 || day > 31 || month < 1 || month > 12) continue;
    let date = new Date(ref.getFullYear(), month - 1, day, 12);
    if (date.getDate() !== day) continue;
    if (date.getTime() < ref.getTime() - DAY_MS) date = new Date(ref.getFullYear() + 1, month - 1, day, 12);
    out.push({ index: m.index, length: m[0].length, text: m[0], date });
  }
  return out;
}

function chronoDays(text: string, ref: Date, language: ReplyLanguage): Candidate[] {
  const out: Candidate[] = [];
  for (const r of LOCALES[language].parse(text, { instant: ref }, { forwardDate: true })) {
    // A time alone ("at 5pm") is not a return date.
    if (!r.start.isCertain('day') && !r.start.isCertain('weekday') && !r.start.isCertain('month')) continue;
    const end = r.end ?? r.start;
    out.push({ index: r.index, length: r.text.length, text: r.text, date: end.date() });
  }
  return out;
}

/**
 * The return date an out-of-office text names: dates are read with chrono-node in the text's language (and in
 * English, which many notices add), counted from when the reply arrived and forward only. A date right after a
 * return cue wins (the latest such, "away until 3 Jan, back on 4 Jan" → 4 Jan); else the latest date named. A date
 * not after `receivedAt` is never returned; one beyond {@link MAX_OUT_OF_OFFICE_DAYS} is capped to it.
 */
export function returnDate(text: string, receivedAt: Date, language: ReplyLanguage | null): ReturnDate | null {
  // Typographic apostrophes straightened ("jusqu’au"); same length, so indices hold.
  const sample = text.slice(0, 8_000).replace(/[\u2018\u2019]/g, "'");
  const languages = new Set<ReplyLanguage>([language ?? 'en', 'en']);
  const found = new Map<number, Candidate>();
  for (const l of languages) for (const c of chronoDays(sample, receivedAt, l)) if (!found.has(c.index)) found.set(c.index, c);
  for (const c of dottedDays(sample, receivedAt)) if (![...found.values()].some((f) => c.index >= f.index && c.index < f.index + f.length)) found.set(c.index, c);
  const future = [...found.values()].filter((c) => c.date.getTime() > receivedAt.getTime());
  if (future.length === 0) return null;
  const cued = future.filter((c) => CUE_BEFORE.test(sample.slice(Math.max(0, c.index - 40), c.index)) || CUE_AFTER_JA.test(sample.slice(c.index + c.length, c.index + c.length + 8)));
  const pool = cued.length > 0 ? cued : future;
  const chosen = pool.reduce((a, b) => (b.date.getTime() > a.date.getTime() ? b : a));
  const cap = receivedAt.getTime() + MAX_OUT_OF_OFFICE_DAYS * DAY_MS;
  const capped = chosen.date.getTime() > cap;
  return { date: capped ? new Date(cap) : chosen.date, text: chosen.text, cued: cued.length > 0, capped };
}
