import { z } from 'zod';
import { COLLEAGUE_STOP_POLICIES, NURTURE_STATUSES, WEEKDAYS } from '#libs/contracts';
import { latestReplyView } from './engagement-schemas.js';
import { campaignId, email, label, leadId, text, timeZones } from './schemas.js';

/**
 * What people send and read about nurture: sequences, templates, mailboxes and campaign settings (the definition
 * types of libs/contracts/src/nurture.ts), and the enrolment views. The nurture service checks what needs its data
 * (a sequence naming a missing template, a template that does not compile, a window whose start is after its end)
 * and answers 422 naming the field; the shapes are refused here first, with 400.
 */

/** Ids of sequences, templates and mailboxes: as the nurture schema stores them. */
export const nurtureId = (what: string) =>
  z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { error: `must be a ${what} id: 1-63 lower-case letters, digits or dashes` });
export const sequenceId = nurtureId('sequence').meta({ example: 'demo-warm' });
export const templateId = nurtureId('template').meta({ example: 'warm-intro' });
export const mailboxId = nurtureId('mailbox').meta({ example: 'sales-alice' });
export const version = z.int().min(1).max(999_999_999);

const variant = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]{0,15}$/, { error: 'must be a variant id such as a or b' }).describe('Names the variant in the send ledger and the stats'),
  templateId,
  weight: z.int().min(1).max(1000).describe('Relative weight of the A/B split'),
});
const step = z.strictObject({
  businessDays: z.int().min(0).max(365).optional().describe('Business days after the first send: 0 for the first step, then not decreasing; the default cadence (0, 3, 7, 14, 21, then a week more each) when left out'),
  variants: z.array(variant).min(1).max(10),
  newThread: z.boolean().optional().describe('Start a new thread (own subject, no In-Reply-To) instead of replying under the first step'),
});
const sequenceFields = { name: label(200), steps: z.array(step).min(1).max(30).describe('The steps in order; the default cadence is 0, 3, 7, 14, 21 business days') };
export const createSequenceBody = z.strictObject({ id: sequenceId, ...sequenceFields });
export const updateSequenceBody = z.strictObject(sequenceFields);
export const sequenceView = z.looseObject({ id: z.string(), campaignId: z.string(), version: z.int(), name: z.string(), steps: z.array(z.looseObject({})) });
export const sequenceList = z.looseObject({ items: z.array(sequenceView) });

/** Lead fields a template may use, with the value used when the lead has none. */
const fallbacks = z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,39}$/, { error: 'must be a lead field name such as firstName' }), label(200)).describe('Used when the lead lacks the field; a field used without one holds that lead\'s step');
const templateFields = {
  subject: label(500).describe('Handlebars (strict mode), e.g. "Quick question, {{firstName}}"'),
  html: text(100_000).min(1, { error: 'must not be empty' }).describe('Handlebars HTML part; lead fields are HTML-escaped'),
  text: text(100_000).nullable().optional().describe('Plain-text part; derived from the HTML when left out'),
  fallbacks: fallbacks.optional(),
};
export const createTemplateBody = z.strictObject({ id: templateId, ...templateFields });
export const updateTemplateBody = z.strictObject(templateFields);
export const templateView = z.looseObject({ id: z.string(), campaignId: z.string(), version: z.int(), subject: z.string(), html: z.string() });
export const templateList = z.looseObject({ items: z.array(templateView) });

const localDate = z.iso.date().describe('Local date, YYYY-MM-DD');
const warmup = z.strictObject({
  startedOn: localDate.describe('The day the ramp starts'),
  startCap: z.int().min(0).max(100_000),
  dailyIncrease: z.int().min(0).max(100_000),
});
const mailboxFields = {
  address: email,
  displayName: label(200),
  ownerId: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:@+-]{0,127}$/, { error: 'must be an owner id: up to 128 letters, digits and . _ : @ + -' })
    .nullable()
    .optional()
    .describe('The routing owner whose leads this mailbox sends for'),
  dailyCap: z.int().min(0).max(100_000).describe('Sends per rolling 24 hours, across campaigns'),
  hourlyCap: z.int().min(0).max(100_000).describe('Sends per rolling hour'),
  minSpacingSeconds: z.int().min(0).max(86_400).optional().describe('Least time between two sends'),
  warmup: warmup.nullable().optional().describe('A new mailbox ramps up: startCap a day, growing by dailyIncrease, up to dailyCap'),
  active: z.boolean().optional(),
  campaigns: z
    .array(z.strictObject({ campaignId, weight: z.int().min(1).max(1000) }))
    .max(100)
    .optional()
    .describe('Campaigns that rotate through this mailbox, with weights'),
};
export const createMailboxBody = z.strictObject({ id: mailboxId, ...mailboxFields });
export const updateMailboxBody = z.strictObject(mailboxFields);
export const mailboxView = z.looseObject({
  id: z.string(),
  address: z.string(),
  dailyCap: z.int(),
  hourlyCap: z.int(),
  pausedAt: z.string().nullable().optional().describe('When sending from it was paused (ISO 8601); null while it sends'),
  pausedReason: z.string().nullable().optional().describe('Why, e.g. "bounces 3.4% ≥ 3% over 7 days (5 of 146 deliveries)"'),
  pausedBy: z.string().nullable().optional().describe('auto (engagement) or who paused it'),
});
export const mailboxList = z.looseObject({ items: z.array(mailboxView) });

const hhmm = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, { error: 'must be a local time HH:MM (00:00-24:00)' });
const windowRange = z.strictObject({ start: hhmm, end: hhmm });
const weeklyWindow = z
  .strictObject(Object.fromEntries(WEEKDAYS.map((d) => [d, windowRange.nullable().optional()])) as Record<(typeof WEEKDAYS)[number], z.ZodOptional<z.ZodNullable<typeof windowRange>>>)
  .describe('Local send window per weekday (mon … sun); a day left out or null is not a sending day');
const colleagueStop = z
  .enum(COLLEAGUE_STOP_POLICIES)
  .describe("When a lead replies, whose sequences at the same company (by its domain, never a free-mail one) stop too: none, this campaign's, or every campaign's");
export const settingsBody = z.strictObject({
  timeZone: z.enum(timeZones).optional().describe("The campaign's IANA zone: a lead without one of its own is sent to in this zone"),
  window: weeklyWindow.optional(),
  blackoutDates: z.array(localDate).max(366).optional().describe('Local dates nothing is sent on'),
  jitterSeconds: z.int().min(0).max(3600).optional().describe('Sends spread over this many seconds so they do not all land on the minute'),
  dailyNewLeadLimit: z.int().min(0).max(1_000_000).nullable().optional().describe('New leads started per day; null derives it from the mailboxes\' caps and the cadence'),
  postalAddress: text(500).regex(/\S/, { error: 'must not be blank' }).nullable().optional().describe("The sender's postal address, printed in both parts of every send"),
  unsubscribeMailto: email.nullable().optional().describe('An address for List-Unsubscribe mailto: beside the https link'),
  colleagueStop: colleagueStop.optional(),
});
export const settingsView = z.looseObject({ campaignId: z.string(), timeZone: z.string(), window: z.looseObject({}), blackoutDates: z.array(z.string()), colleagueStop: colleagueStop.optional() });

export const previewBody = z.strictObject({ leadId, variant: z.string().regex(/^[a-z][a-z0-9-]{0,15}$/, { error: 'must be a variant id such as a or b' }).optional() });
export const previewView = z.looseObject({}).describe('Subject, HTML and text parts as the lead would receive them (with the footer), or the fields that would hold the step');
export const testSendBody = z.strictObject({ to: email.describe('Where the test goes'), leadId: leadId.optional().describe('Render for this lead; sample data when left out') });

export const controlBody = z.strictObject({ reason: label(500).describe('Why, shown in every affected lead\'s status') });

const status = z.enum(NURTURE_STATUSES);
const counts = z.looseObject({ sent: z.int(), opens: z.int(), clicks: z.int(), replies: z.int(), deferrals: z.int(), unknown: z.int() });
/** One enrolment: the workflow's own answer when it has one, else the nurture service's record. */
export const enrolmentStatusView = z.looseObject({
  campaignId: z.string(),
  leadId: z.string(),
  status,
  source: z.enum(['workflow', 'enrolment']).describe('workflow: the lead\'s running (or finished) sequence answered; enrolment: no sequence has started yet'),
  currentStep: z.int().nullable().describe('Next step to send, 0-based'),
  nextWakeAt: z.string().nullable().describe('When the sequence next acts, ISO 8601'),
  holdReason: z.string().nullable().describe('The rule that holds the next send, e.g. "Saturday" or "mailbox cap: 50/24 h reached"'),
  queuePosition: z.int().nullable().describe('Place in the campaign\'s queue while the lead waits for capacity'),
  counts: counts.nullable(),
  latestReply: latestReplyView,
});
export const leadEnrolmentsView = z.strictObject({ leadId: z.string(), items: z.array(enrolmentStatusView) });

export const campaignSummaryView = z.looseObject({
  campaignId: z.string(),
  state: z.enum(['active', 'paused', 'stopped']),
  byStatus: z.record(z.string(), z.int()),
  byStep: z.record(z.string(), z.int()),
  dailyNewLeadLimit: z.int(),
  admittedToday: z.int(),
  queued: z.int(),
  pausedMailboxes: z
    .array(
      z.looseObject({
        mailboxId: z.string(),
        address: z.string(),
        pausedAt: z.string().describe('ISO 8601'),
        reason: z.string().nullable(),
        by: z.string().nullable().describe('auto (engagement, on bounce or spam-report rates) or who paused it'),
      }),
    )
    .optional()
    .describe("The campaign's mailboxes that are paused, each with why (e.g. bounces over 3% of the last 7 days' deliveries), when and by whom"),
});
export const queueView = z.looseObject({ items: z.array(z.looseObject({})).describe('Queued leads in admission order (score, then tier), each with its position'), next: z.string().nullable() });
export const controlView = z.looseObject({}).describe("The campaign's nurture state after the change, and how many enrolments were told");
