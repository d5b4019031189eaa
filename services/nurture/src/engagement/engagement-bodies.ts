import { z } from 'zod';
import { CAMPAIGN_ID_PATTERN } from '#libs/contracts';

/**
 * Bodies of the routes engagement calls (libs/contracts/src/engagement.ts), checked with messages that finish a
 * sentence starting with the field's path ("enrolmentIds[3] must be an enrolment id (a UUID)").
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const VISIBLE = /^(?=[^]*\S)[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F]*$/;
// Loose on purpose: the address is what SendGrid or the reply named; lead-intake's rules decide what it means.
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}$/;

export const RESOLVE_MAX = 1000;
export const MATCH_MAX_TOKENS = 20;
export const MATCH_MAX_MESSAGE_IDS = 100;

const expected = (what: string) => ({ error: (iss: { input: unknown }) => (iss.input === undefined ? 'is required' : `must be ${what}`) });
const uuid = (what: string) => z.string(expected(what)).regex(UUID, { error: `must be ${what}` });
const instant = z.string(expected('an ISO 8601 time')).max(40, { error: 'must be an ISO 8601 time' }).refine((v) => !Number.isNaN(Date.parse(v)), { error: 'must be an ISO 8601 time' });
const email = z.string(expected('an email address')).max(320, { error: 'must be at most 320 characters' }).regex(EMAIL, { error: 'must be an email address' });
const eventId = z.string(expected('an event id')).max(200, { error: 'must be at most 200 characters' }).regex(VISIBLE, { error: 'must be visible text' });
const text = (max: number) => z.string(expected('text')).max(max, { error: `must be at most ${max} characters` }).regex(VISIBLE, { error: 'must be visible text without control characters' });

export const resolveBody = z.strictObject(
  { enrolmentIds: z.array(uuid('an enrolment id (a UUID)'), expected('a list of enrolment ids')).max(RESOLVE_MAX, { error: `must list at most ${RESOLVE_MAX} ids` }) },
  expected('a JSON object { enrolmentIds }'),
);

export const replyMatchBody = z.strictObject(
  {
    replyTokens: z.array(z.string(expected('text')).max(200, { error: 'must be at most 200 characters' }), expected('a list of reply tokens')).max(MATCH_MAX_TOKENS, { error: `must list at most ${MATCH_MAX_TOKENS} tokens` }),
    messageIds: z.array(z.string(expected('text')).max(1000, { error: 'must be at most 1000 characters' }), expected('a list of Message-IDs')).max(MATCH_MAX_MESSAGE_IDS, { error: `must list at most ${MATCH_MAX_MESSAGE_IDS} Message-IDs` }),
  },
  expected('a JSON object { replyTokens, messageIds }'),
);

export const optOutBody = z.strictObject(
  {
    email,
    kind: z.enum(['unsubscribe', 'bounce', 'spamreport'], { error: 'must be unsubscribe, bounce or spamreport' }),
    eventId,
    at: instant,
    enrolmentId: uuid('an enrolment id (a UUID) or null').nullable(),
    // Any length: the provider's text is cut to a readable length in the reason, never a reason to refuse the event.
    detail: z.string(expected('text or null')).max(100_000, { error: 'must be at most 100000 characters' }).nullable().optional(),
  },
  expected('a JSON object { email, kind, eventId, at, enrolmentId, detail? }'),
);

export const accountReplyBody = z.strictObject(
  {
    campaignId: z.string(expected('a campaign id')).regex(CAMPAIGN_ID_PATTERN, { error: 'must be a campaign id: 1-63 lower-case letters, digits or dashes' }),
    leadId: uuid('a lead id (a UUID)'),
    email,
    eventId,
    at: instant,
  },
  expected('a JSON object { campaignId, leadId, email, eventId, at }'),
);

export const autoPauseBody = z.strictObject(
  {
    reason: text(500),
    at: instant,
    // Engagement's counts (MailboxHealth), kept with the log line; the reason is what people read and what holds.
    health: z.looseObject({}, expected('a MailboxHealth object')),
  },
  expected('a JSON object { reason, at, health }'),
);

export const personPauseBody = z.strictObject({ reason: text(500), by: text(200).optional() }, expected('a JSON object { reason, by? }'));
export const resumeBody = z.strictObject({ by: text(200).optional(), reason: text(500).optional() }, expected('a JSON object { by?, reason? }'));
