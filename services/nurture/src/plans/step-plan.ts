import { TERMINAL_NURTURE_STATUSES, type LeadFacts, type NurtureStatusName, type StepPlan, type StoredSequence } from '#libs/contracts';
import { resolveSendTimeZone } from '#libs/send-calendar';
import type { StoredSettings } from '../definitions/settings-store.js';

export interface PlanFacts {
  /** The enrolment row, or null when it does not exist. */
  enrolment: { id: string; status: NurtureStatusName; lastDecision: string | null; sequenceId: string; sequenceVersion: number | null } | null;
  settings: StoredSettings;
  /** The pinned sequence version, or null when it is gone. */
  sequence: StoredSequence | null;
  /** The lead's fresh facts from harvest, or null when harvest no longer has the lead. */
  lead: (Pick<LeadFacts, 'timeZone' | 'country'> & { region?: string | null }) | null;
  suppressed: boolean;
  step: number;
}

/**
 * What the workflow does next, from facts read fresh at each step (settings, suppression and the lead may have
 * changed since the last one): stop when the enrolment or campaign has ended or the address is suppressed, done
 * after the last step, else the step's cadence offset and the lead's calendar. A paused campaign still gets a
 * plan: the workflow holds on its pause signal and the sender refuses inside its claim.
 */
export function planStep(f: PlanFacts): StepPlan {
  const e = f.enrolment;
  if (!e) return { kind: 'stop', status: 'stopped', reason: 'the enrolment no longer exists' };
  if (TERMINAL_NURTURE_STATUSES.includes(e.status)) return { kind: 'stop', status: e.status, reason: e.lastDecision ?? `the enrolment is ${e.status}` };
  if (f.settings.state === 'stopped') return { kind: 'stop', status: 'stopped', reason: f.settings.stateReason ? `campaign stopped: ${f.settings.stateReason}` : 'campaign stopped' };
  if (f.suppressed) return { kind: 'stop', status: 'suppressed', reason: 'the address is on the global suppression list' };
  if (!f.sequence) {
    const which = e.sequenceVersion === null ? `sequence ${e.sequenceId}` : `version ${e.sequenceVersion} of sequence ${e.sequenceId}`;
    return { kind: 'stop', status: 'stopped', reason: `${which} no longer exists` };
  }
  const totalSteps = f.sequence.steps.length;
  if (f.step >= totalSteps) return { kind: 'done', totalSteps };
  if (!f.lead) return { kind: 'stop', status: 'stopped', reason: 'the lead no longer exists' };
  const country = f.lead.country ? f.lead.country.toUpperCase() : null;
  const region = f.lead.region ? f.lead.region.toUpperCase() : null;
  const zone = resolveSendTimeZone({ leadTimeZone: f.lead.timeZone, country, region, campaignTimeZone: f.settings.timeZone });
  return {
    kind: 'send',
    step: f.step,
    totalSteps,
    businessDaysAfterFirst: f.step === 0 ? 0 : f.sequence.steps[f.step]!.businessDays,
    calendar: {
      timeZone: zone.timeZone,
      timeZoneSource: zone.source,
      country,
      region,
      window: f.settings.window,
      blackoutDates: f.settings.blackoutDates,
      jitterSeconds: f.settings.jitterSeconds,
    },
  };
}
