import { sign } from 'node:crypto';
import type { BenchEnrolment } from './bench-enrolments.js';

/** One signed post, prepared before the clock starts so the clients measure the server, not their own signing. */
export interface PreparedBatch {
  body: string;
  timestamp: string;
  signature: string;
  events: number;
  /** Addresses opted out by this batch (the opt-out probes), with the post time filled in when it is sent. */
  optOuts: string[];
}

/**
 * A realistic mix for a sequence's mail (per 20 events): 4 processed, 4 delivered, 6 opens (2 of them Apple MPP
 * machine opens), 2 clicks, 2 deferred, 1 soft bounce, 1 drop for a reason that is no opt-out. Every event is its own
 * (a unique message id), so none is a duplicate of another and the inbox must end with exactly as many rows.
 */
function eventOf(e: BenchEnrolment, runId: string, i: number, now: number): Record<string, unknown> {
  const base = {
    email: e.email,
    timestamp: now,
    sg_event_id: `bench-${runId}-${i}`,
    sg_message_id: `${e.xMessageId}-${i}.filterdrecv-bench-${i}`,
    ...e.customArgs,
  };
  const slot = i % 20;
  if (slot < 4) return { ...base, event: 'processed' };
  if (slot < 8) return { ...base, event: 'delivered', response: '250 2.0.0 OK' };
  if (slot < 10) return { ...base, event: 'open', sg_machine_open: true, useragent: 'Mozilla/5.0' };
  if (slot < 14) return { ...base, event: 'open', sg_machine_open: false, useragent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Outlook/16.0' };
  if (slot < 16) return { ...base, event: 'click', url: `https://bench.example/pricing?i=${i}`, useragent: 'Mozilla/5.0 (Macintosh) Safari/605.1.15' };
  if (slot < 18) return { ...base, event: 'deferred', response: '451 4.7.1 try again later', attempt: '1' };
  if (slot < 19) return { ...base, event: 'bounce', type: 'blocked', bounce_classification: 'Reputation', reason: '421 4.7.0 rate limited' };
  return { ...base, event: 'dropped', reason: 'Invalid SMTPAPI header' };
}

function signed(events: Array<Record<string, unknown>>, privateKeyPem: string, optOuts: string[] = []): PreparedBatch {
  const body = JSON.stringify(events);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = sign('sha256', Buffer.from(timestamp + body), privateKeyPem).toString('base64');
  return { body, timestamp, signature, events: events.length, optOuts };
}

/** `total` events in batches of `batchSize`, spread round-robin over the enrolments. */
export function prepareBatches(enrolments: BenchEnrolment[], runId: string, total: number, batchSize: number, privateKeyPem: string): PreparedBatch[] {
  const now = Math.floor(Date.now() / 1000);
  const batches: PreparedBatch[] = [];
  for (let start = 0; start < total; start += batchSize) {
    const events = [];
    for (let i = start; i < Math.min(total, start + batchSize); i++) events.push(eventOf(enrolments[i % enrolments.length]!, runId, i, now));
    batches.push(signed(events, privateKeyPem));
  }
  return batches;
}

/** One unsubscribe per probed enrolment, each a batch of its own, posted among the load. */
export function prepareOptOuts(enrolments: BenchEnrolment[], runId: string, privateKeyPem: string): PreparedBatch[] {
  const now = Math.floor(Date.now() / 1000);
  return enrolments.map((e, i) =>
    signed([{ email: e.email, timestamp: now, event: 'unsubscribe', sg_event_id: `bench-${runId}-optout-${i}`, sg_message_id: `${e.xMessageId}.filterdrecv-optout`, ...e.customArgs }], privateKeyPem, [e.email]),
  );
}

export interface PostResult {
  ms: number;
  status: number;
  accepted: number;
  duplicates: number;
  postedAt: number;
  optOuts: string[];
}

/** Posts the batches from `clients` concurrent clients (each takes the next batch when its last one answered). */
export async function postAll(url: string, batches: PreparedBatch[], clients: number, signedPosts: boolean): Promise<{ results: PostResult[]; wallMs: number }> {
  const results: PostResult[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(clients, batches.length) }, async () => {
      while (next < batches.length) {
        const b = batches[next++]!;
        const postedAt = Date.now();
        const t0 = performance.now();
        const res = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(signedPosts ? { 'x-twilio-email-event-webhook-signature': b.signature, 'x-twilio-email-event-webhook-timestamp': b.timestamp } : {}),
          },
          body: b.body,
        });
        const text = await res.text();
        const ms = performance.now() - t0;
        let answer: { accepted?: number; duplicates?: number } = {};
        try {
          answer = JSON.parse(text) as typeof answer;
        } catch {
          /* counted as not accepted */
        }
        results.push({ ms, status: res.status, accepted: answer.accepted ?? 0, duplicates: answer.duplicates ?? 0, postedAt, optOuts: b.optOuts });
      }
    }),
  );
  return { results, wallMs: performance.now() - started };
}

/** The opt-out probes placed evenly among the load's batches. */
export function interleave(load: PreparedBatch[], probes: PreparedBatch[]): PreparedBatch[] {
  if (probes.length === 0) return load;
  const out: PreparedBatch[] = [];
  const every = Math.max(1, Math.floor(load.length / (probes.length + 1)));
  let p = 0;
  load.forEach((b, i) => {
    out.push(b);
    if ((i + 1) % every === 0 && p < probes.length) out.push(probes[p++]!);
  });
  while (p < probes.length) out.push(probes[p++]!);
  return out;
}
