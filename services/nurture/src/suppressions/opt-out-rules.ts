import { NURTURE_STATUSES, TERMINAL_NURTURE_STATUSES, type NurtureStatusName, type OptOutInput } from '#libs/contracts';

/** What an opt-out does to an address and to each of its open enrolments. */
export interface OptOutEffect {
  /** Reason stored with the global suppression: names the kind and the event. */
  suppressionReason: string;
  /** Status of every open enrolment of the address, in any campaign. */
  status: Extract<NurtureStatusName, 'opted-out' | 'bounced'>;
  /** The enrolment's last decision, as a person reads it. */
  decision: string;
}

const DETAIL_MAX = 200;
const KIND_WORDS: Record<OptOutInput['kind'], string> = { unsubscribe: 'unsubscribe', bounce: 'hard bounce', spamreport: 'spam report' };

/**
 * Pure: a hard bounce ends as `bounced`; an unsubscribe or a spam report as `opted-out`. `detail` (the provider's
 * bounce reason, …) follows the event id in the reason, cut to a readable length.
 */
export function optOutEffect(input: Pick<OptOutInput, 'kind' | 'eventId'> & { detail?: string | null }): OptOutEffect {
  const detail = withoutKind(input.detail?.replace(/\s+/g, ' ').trim() ?? '', KIND_WORDS[input.kind]).slice(0, DETAIL_MAX);
  const what = `${KIND_WORDS[input.kind]} (event ${input.eventId})${detail ? `: ${detail}` : ''}`;
  return {
    suppressionReason: what,
    status: input.kind === 'bounce' ? 'bounced' : 'opted-out',
    decision: `${input.kind === 'bounce' ? 'bounced' : 'opted out'}: ${what}; address suppressed, every sequence for it stopped`,
  };
}

/** The detail without a leading repeat of the kind ("hard bounce: 550 …" → "550 …"; "spam report" → ""). */
function withoutKind(detail: string, kind: string): string {
  if (!detail.toLowerCase().startsWith(kind)) return detail;
  const rest = detail.slice(kind.length);
  return rest === '' || rest.startsWith(':') ? rest.replace(/^:\s*/, '') : detail;
}

/** Statuses an opt-out ends; a finished enrolment keeps what it ended with. */
export const OPEN_STATUSES: readonly NurtureStatusName[] = NURTURE_STATUSES.filter((s) => !TERMINAL_NURTURE_STATUSES.includes(s));

/** The stored form of an enrolment's address for the suppression list (the enrolment holds it as harvested). */
export function optOutAddress(email: string, normalise: (raw: string) => { ok: true; email: string } | { ok: false }): string {
  const parsed = normalise(email);
  return parsed.ok ? parsed.email : email.trim().toLowerCase();
}
