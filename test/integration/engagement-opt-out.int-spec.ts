import { TERMINAL_NURTURE_STATUSES } from '#libs/contracts';
import type pg from 'pg';
import type { DataSource } from 'typeorm';
import { api, eventually } from '../setup/test-stack.js';
import { enrolThroughPipeline, percentile, pgClient, postEvents, sandboxMail, sendgridEvent, sentOf, settledRow, suppressedAt, type SandboxMail } from './engagement-effects-kit.js';
import { nurtureDb, stepSender } from './nurture-sending/send-kit.js';

/**
 * Opt-out on the real stack: three leads in a real sequence (pipeline run, leadNurture workflows, first step in the
 * sandbox) get a signed unsubscribe, a hard bounce and a spam report on the Event Webhook. Each address is on the
 * suppression list within 60 s of the post, its sequence has ended, and no later step goes out: the next step,
 * asked for directly as if its time had come (the real sequence waits business days, and the real stack has no
 * time skip), is refused, and the sandbox holds only the first step for each of them.
 */
const campaign = 'it-engagement-opt-out';
const domain = 'opt-out-co.example';
const OPT_OUTS = [
  { event: 'unsubscribe', extra: {} },
  { event: 'bounce', extra: { type: 'bounce', bounce_classification: 'Invalid Address', reason: '550 5.1.1 The email account that you tried to reach does not exist', status: '5.1.1' } },
  { event: 'spamreport', extra: {} },
] as const;

let db: pg.Client;
let nurture: DataSource;
let leadIds: Map<string, string>;
let firstSteps: SandboxMail[];
const latencies: number[] = [];

beforeAll(async () => {
  db = await pgClient();
  nurture = await nurtureDb();
  ({ leadIds, sent: firstSteps } = await enrolThroughPipeline({ campaign, mailboxId: 'it-eng-opt-out', domain, leads: OPT_OUTS.length, dailyCap: 5 * OPT_OUTS.length }));
  expect(firstSteps).toHaveLength(OPT_OUTS.length);
}, 240_000);

afterAll(async () => {
  await db?.end();
  await nurture?.destroy();
  // The figure the issue asks for: webhook post to suppression, per opt-out.
  if (latencies.length) console.log(`opt-out: post → suppression p50 ${percentile([...latencies].sort((a, b) => a - b), 50)} ms, max ${Math.max(...latencies)} ms over ${latencies.length} (target p99 ≤ 60000 ms)`);
});

describe('opt-out through the Event Webhook', () => {
  it.each(OPT_OUTS.map((o, i) => [o.event, i] as const))('%s: suppressed within 60 s, sequence ended, no later send', async (event, i) => {
    const message = firstSteps[i]!;
    const sent = sentOf(message);
    const enrolmentId = sent.customArgs.enrolment_id!;
    expect(enrolmentId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await suppressedAt(db, sent.email)).toBeNull();

    const ev = sendgridEvent(sent, event, OPT_OUTS[i]!.extra);
    const postedAt = Date.now();
    const answer = await postEvents([ev]);
    expect(answer.status).toBe(200);
    expect(answer.body.accepted).toBe(1);

    const at = await eventually(() => suppressedAt(db, sent.email).then((d) => d ?? undefined), `${sent.email} on the suppression list`, 60_000);
    const latency = Math.max(0, at.getTime() - postedAt);
    latencies.push(latency);
    expect(latency).toBeLessThanOrEqual(60_000);

    const row = await settledRow(db, ev.sg_event_id);
    expect(row.state).toBe('applied');
    // Recorded; `suppressed` is false when the workflow's own opt-out (after the signal) listed the address first.
    expect(row.effects.optOut).toEqual(expect.objectContaining({ kind: event, suppressed: expect.any(Boolean) }));

    // The sequence has ended (nurture ends every open enrolment of the address and signals its workflow).
    const leadId = leadIds.get(sent.email)!;
    const status = await eventually(async () => {
      const s = await api<{ status: string }>(`/leads/${leadId}/nurture?campaignId=${campaign}`);
      return (TERMINAL_NURTURE_STATUSES as readonly string[]).includes(s.body.status) ? s.body.status : undefined;
    }, 'the sequence to end', 30_000);
    expect(status).not.toBe('completed');

    // However long the sequence would have run: its next step, asked for now, is refused and sends nothing.
    const outcome = await stepSender(nurture).send({ enrolmentId, step: 1, scheduledFor: new Date().toISOString(), threadMessageId: null });
    expect(outcome.kind).toBe('refused');
    expect((await sandboxMail(domain)).filter((m) => m.to[0]!.email.toLowerCase() === sent.email)).toHaveLength(1);
  }, 120_000);

  it('a soft bounce suppresses nothing', async () => {
    // A temporary refusal (SendGrid's "blocked") says nothing about the address.
    const sent = { email: `soft-bounce@${domain}`, xMessageId: 'soft-bounce-message', customArgs: {} };
    const ev = sendgridEvent(sent, 'bounce', { type: 'blocked', bounce_classification: 'Reputation', reason: '421 4.7.0 try again later' });
    expect((await postEvents([ev])).status).toBe(200);
    const row = await settledRow(db, ev.sg_event_id);
    expect(row.effects.optOut).toBeUndefined();
    expect(await suppressedAt(db, sent.email)).toBeNull();
  }, 90_000);

  it('a hard bounce of an address no enrolment knows still suppresses it (parked, not dropped)', async () => {
    const sent = { email: `unknown-bounce@${domain}`, xMessageId: 'unknown-bounce-message', customArgs: {} };
    const ev = sendgridEvent(sent, 'bounce', { type: 'bounce', reason: '550 5.1.1 user unknown' });
    expect((await postEvents([ev])).status).toBe(200);
    const row = await settledRow(db, ev.sg_event_id);
    expect(row.state).toBe('parked');
    expect(row.effects.optOut).toEqual(expect.objectContaining({ kind: 'bounce', suppressed: true, stopped: 0 }));
    expect(await suppressedAt(db, sent.email)).not.toBeNull();
  }, 90_000);
});
