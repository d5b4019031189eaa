import { z } from 'zod';
import { ENGAGEMENT_EVENT_KINDS, REPLY_CLASSES } from '#libs/contracts';
import { limit } from './schemas.js';

/**
 * What the API shows of engagement (libs/contracts/src/engagement.ts): the journey's entries, a lead's latest reply
 * and the parked list. Loose objects: the fields named are always there; more may be added without notice.
 */

const iso = (what: string) => z.string().describe(`${what}, ISO 8601`);
const kind = z.enum(ENGAGEMENT_EVENT_KINDS);
const replyClass = z.enum(REPLY_CLASSES).describe('interested, not_interested, out_of_office, unsubscribe_request or other');

const sendEntry = z
  .looseObject({
    type: z.literal('send'),
    at: iso('When it was handed to SendGrid'),
    ledgerKey: z.string(),
    enrolmentId: z.string(),
    campaignId: z.string(),
    step: z.int().describe('0-based'),
    subject: z.string().nullable(),
    status: z.string(),
  })
  .describe("A send from nurture's ledger");
const engagementEntry = z
  .looseObject({
    type: z.literal('engagement'),
    id: z.string(),
    kind,
    at: iso('When SendGrid says it happened'),
    step: z.int().nullable(),
    machine: z.boolean().describe('An Apple Mail Privacy Protection open or a scanner: kept, left out of scores and stats'),
    machineReason: z.string().nullable(),
    detail: z.string().nullable().describe('Clicked URL, bounce or drop reason'),
    state: z.enum(['pending', 'applied', 'parked']).describe('pending: received, its effects not yet applied; parked: tied to no send, kept for a person'),
  })
  .describe('An event SendGrid posted');
const replyEntry = z
  .looseObject({
    type: z.literal('reply'),
    id: z.string(),
    at: iso('When it arrived'),
    from: z.string(),
    subject: z.string(),
    text: z.string().describe('The reply without its quoted history'),
    replyClass,
    autoReply: z.boolean(),
    outOfOfficeUntil: z.string().nullable(),
  })
  .describe('A reply that came through Inbound Parse and matched a send');

export const journeyEntry = z.discriminatedUnion('type', [sendEntry, engagementEntry, replyEntry]);

export const latestReplyView = z
  .looseObject({ at: iso('When it arrived'), replyClass, text: z.string().describe('The reply without its quoted history'), from: z.string(), subject: z.string(), outOfOfficeUntil: z.string().nullable() })
  .nullable()
  .optional()
  .describe('The latest reply in this campaign (out-of-office included, other auto-replies not); null: none; absent when the engagement service did not answer');

export const parkedQuery = z.strictObject({
  source: z.enum(['event-webhook', 'inbound-parse']).optional().describe('Only events (event-webhook) or only replies (inbound-parse)'),
  after: z.string().regex(/^\d{1,18}$/, { error: 'must be a next value from the previous page' }).optional().describe('next from the previous page'),
  limit: limit(500, 100).optional(),
});
export const parkedView = z.looseObject({
  items: z.array(
    z.looseObject({
      id: z.string(),
      source: z.enum(['event-webhook', 'inbound-parse']),
      kind,
      receivedAt: iso('When it arrived'),
      reason: z.string().describe('Why it could not be tied to a send nurture made'),
      email: z.string().nullable(),
      summary: z.string().describe('One line: what arrived, for whom or from whom'),
    }),
  ),
  next: z.string().nullable().describe('Pass as after for the next page; null on the last'),
});
