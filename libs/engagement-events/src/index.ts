// Engagement's pure rules: SendGrid event batches → inbox drafts, the content keys that dedupe re-posted events and
// replies, the machine-open/click rule and mailbox health. Node-only (content keys use node:crypto); workflows do
// not import it.
export { bounceTypeOf, describeProblem, EventBatchError, MAX_EVENTS_PER_BATCH, parseEventBatch, type BounceType, type EventBatch, type EventProblem, type InboxEventDraft } from './event-batch.js';
export { baseMessageId, eventContentKey, replyContentKey, type ReplyIdentity } from './content-key.js';
export { machineEngagement, scannerAgent, type MachineEngagement, type MachineEngagementInput } from './machine-engagement.js';
export { mailboxHealth, percent, type MailboxEventCounts } from './mailbox-health.js';
export { cleanJson, cleanText } from './clean-text.js';
