// Mailbox capacity: the per-mailbox caps (rolling 24 h, hourly, spacing, warm-up ramp), the next instant a send
// fits, the daily new-lead limit they allow, and which mailbox a lead sends from. Pure: no I/O, no clock reads
// (time is passed in as epoch ms), no Node built-ins; safe to import from workflow code.
export { checkCaps, mailboxCaps, type MailboxCaps } from './mailbox-caps.js';
export { effectiveDailyCap, isWarmingUp } from './warmup.js';
export { MAILBOX_NEVER, nextSlotThatFits, type MailboxSlot } from './next-slot.js';
export { dailyNewLeadLimit, mailboxDailyThroughput, type NewLeadLimitInput } from './new-lead-limit.js';
export {
  explainMailboxPick,
  pickMailbox,
  type CampaignMailbox,
  type MailboxPick,
  type OwnerMailbox,
  type PickMailboxInput,
} from './pick-mailbox.js';
