import { checkGuardrails, type GuardrailDecision, type GuardrailFacts } from './enrolment-guardrails.js';
import type { RoutingGuardrails } from './routing-rule-set.js';

const T0 = Date.UTC(2025, 0, 6, 9, 0);
const DAY_MS = 86_400_000;
const strict: RoutingGuardrails = {
  doNotContactStages: ['Customer', 'open opportunity'],
  colleagueReplied: 'block',
  activeInOtherSequence: 'block',
  perOwnerDailyCap: 50,
  perCampaignDailyCap: 500,
};
const lenient: RoutingGuardrails = {
  doNotContactStages: [],
  colleagueReplied: 'review',
  colleagueReplyWindowDays: 30,
  activeInOtherSequence: 'skip',
};
const refused = (outcome: 'blocked' | 'review' | 'skipped', ...reasons: Array<[string, string]>): GuardrailDecision => ({
  allowed: false,
  outcome,
  reasons: reasons.map(([code, message]) => ({ code: code as never, message })),
});

describe('checkGuardrails', () => {
  it.each<[string, RoutingGuardrails, GuardrailFacts, GuardrailDecision]>([
    ['nothing known: allowed', strict, {}, { allowed: true }],
    ['a stage that is not do-not-contact', strict, { stage: 'lead' }, { allowed: true }],
    ['do-not-contact stage, any case and spacing', strict, { stage: ' CUSTOMER ' }, refused('blocked', ['do-not-contact-stage', 'stage " CUSTOMER " is in the do-not-contact set'])],
    ['do-not-contact stage with a space inside', strict, { stage: 'Open Opportunity' }, refused('blocked', ['do-not-contact-stage', 'stage "Open Opportunity" is in the do-not-contact set'])],
    ['colleague replied, policy block', strict, { colleagueRepliedAt: T0 }, refused('blocked', ['colleague-replied', 'a colleague at the same account replied at 2025-01-06T09:00:00.000Z'])],
    ['colleague replied, policy review', lenient, { colleagueRepliedAt: T0, now: T0 + DAY_MS }, refused('review', ['colleague-replied', 'a colleague at the same account replied at 2025-01-06T09:00:00.000Z'])],
    ['colleague reply just inside the 30-day window', lenient, { colleagueRepliedAt: T0, now: T0 + 30 * DAY_MS - 1 }, refused('review', ['colleague-replied', 'a colleague at the same account replied at 2025-01-06T09:00:00.000Z'])],
    ['colleague reply exactly 30 days old no longer counts', lenient, { colleagueRepliedAt: T0, now: T0 + 30 * DAY_MS }, { allowed: true }],
    ['window set but no now: the reply counts (safe side)', lenient, { colleagueRepliedAt: T0 }, refused('review', ['colleague-replied', 'a colleague at the same account replied at 2025-01-06T09:00:00.000Z'])],
    ['null reply time means no reply', strict, { colleagueRepliedAt: null }, { allowed: true }],
    ['active in another sequence, policy block', strict, { sequenceId: 'hot-seq', activeInOtherSequence: 'partner-seq' }, refused('blocked', ['active-in-other-sequence', 'already active in sequence partner-seq'])],
    ['active in another sequence, policy skip', lenient, { sequenceId: 'hot-seq', activeInOtherSequence: 'partner-seq' }, refused('skipped', ['active-in-other-sequence', 'already active in sequence partner-seq'])],
    ['already in this very sequence is skipped even under block', strict, { sequenceId: 'hot-seq', activeInOtherSequence: 'hot-seq' }, refused('skipped', ['already-enrolled', 'already active in this sequence (hot-seq)'])],
    ['empty sequence id means none', strict, { activeInOtherSequence: '' }, { allowed: true }],
    ['owner one below the cap', strict, { ownerEnrolledToday: 49 }, { allowed: true }],
    ['owner at the cap', strict, { ownerEnrolledToday: 50 }, refused('skipped', ['owner-daily-cap', "the owner's enrolments for today are used up (50/50)"])],
    ['campaign one below the cap', strict, { campaignEnrolledToday: 499 }, { allowed: true }],
    ['campaign at the cap', strict, { campaignEnrolledToday: 500 }, refused('skipped', ['campaign-daily-cap', "the campaign's enrolments for today are used up (500/500)"])],
    ['campaign over the cap', strict, { campaignEnrolledToday: 501 }, refused('skipped', ['campaign-daily-cap', "the campaign's enrolments for today are used up (501/500)"])],
    ['no caps configured: counts do not matter', lenient, { ownerEnrolledToday: 1e6, campaignEnrolledToday: 1e6 }, { allowed: true }],
    [
      'every reason is listed; blocked outranks review and skipped',
      { ...strict, colleagueReplied: 'review', activeInOtherSequence: 'skip' },
      { stage: 'customer', colleagueRepliedAt: T0, sequenceId: 's', activeInOtherSequence: 'other', ownerEnrolledToday: 50, campaignEnrolledToday: 500 },
      refused(
        'blocked',
        ['do-not-contact-stage', 'stage "customer" is in the do-not-contact set'],
        ['colleague-replied', 'a colleague at the same account replied at 2025-01-06T09:00:00.000Z'],
        ['active-in-other-sequence', 'already active in sequence other'],
        ['owner-daily-cap', "the owner's enrolments for today are used up (50/50)"],
        ['campaign-daily-cap', "the campaign's enrolments for today are used up (500/500)"],
      ),
    ],
    [
      'review outranks skipped',
      lenient,
      { colleagueRepliedAt: T0, now: T0, activeInOtherSequence: 'other' },
      refused('review', ['colleague-replied', 'a colleague at the same account replied at 2025-01-06T09:00:00.000Z'], ['active-in-other-sequence', 'already active in sequence other']),
    ],
  ])('%s', (_name, guardrails, facts, expected) => {
    expect(checkGuardrails(guardrails, facts)).toEqual(expected);
  });
});
