import { generateKeyPairSync } from 'node:crypto';
import { jest } from '@jest/globals';
import eventwebhook from '@sendgrid/eventwebhook';
import { DeliveryLog } from '../delivery-log.js';
import { startWebhookReceiver, type Received, type WebhookReceiver } from '../testing/webhook-receiver.js';
import type { SendGridEvent } from './event-shapes.js';
import { EventWebhookPoster } from './event-webhook.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, WebhookSigner } from './signature.js';
import { DEFAULT_WEBHOOK_SETTINGS, type WebhookSettings } from './webhook-settings.js';

// The poster against a loopback receiver: batching, retries and duplicates as SendGrid delivers them.
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const signer = new WebhookSigner(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
const verifier = new eventwebhook.EventWebhook();
const verificationKey = verifier.convertPublicKeyToECDSA(publicKey.export({ type: 'spki', format: 'der' }).toString('base64'));
const fastRetry = { firstDelayMs: 40, maxDelayMs: 160, windowMs: 60_000 };

let receiver: WebhookReceiver;
let poster: EventWebhookPoster | undefined;
let log: DeliveryLog;

beforeEach(async () => {
  receiver = await startWebhookReceiver();
  log = new DeliveryLog();
});
afterEach(async () => {
  poster?.close();
  poster = undefined;
  await receiver.close();
});

function start(settings: Partial<WebhookSettings>, extra: { random?: () => number; windowMs?: number } = {}): EventWebhookPoster {
  poster = new EventWebhookPoster({
    url: new URL(`${receiver.url}/webhooks/sendgrid/events`),
    signer,
    settings: { ...DEFAULT_WEBHOOK_SETTINGS, ...settings },
    log,
    retry: { ...fastRetry, ...(extra.windowMs !== undefined ? { windowMs: extra.windowMs } : {}) },
    random: extra.random,
  });
  return poster;
}

let n = 0;
function events(count: number): SendGridEvent[] {
  return Array.from({ length: count }, () => {
    n++;
    return { email: `r${n}@example.com`, timestamp: 1764900000, event: 'delivered', sg_event_id: `id-${n}`, sg_message_id: `m-${n}.filterdrecv-0`, ledger_key: `e:${n}` } as SendGridEvent;
  });
}

const ids = (r: Received) => (JSON.parse(r.body.toString('utf8')) as SendGridEvent[]).map((e) => e.sg_event_id);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('EventWebhookPoster', () => {
  it('posts a signed JSON array that @sendgrid/eventwebhook verifies, with SendGrid headers', async () => {
    start({ batchSize: 10, flushMs: 20 }).enqueue(events(2));
    const [post] = await receiver.waitFor(1);
    expect(post!.path).toBe('/webhooks/sendgrid/events');
    expect(post!.headers['content-type']).toBe('application/json');
    const signature = post!.headers[SIGNATURE_HEADER.toLowerCase()] as string;
    const timestamp = post!.headers[TIMESTAMP_HEADER.toLowerCase()] as string;
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(5);
    expect(verifier.verifySignature(verificationKey, post!.body, signature, timestamp)).toBe(true);
    expect(verifier.verifySignature(verificationKey, Buffer.concat([post!.body, Buffer.from(' ')]), signature, timestamp)).toBe(false);
    expect(JSON.parse(post!.body.toString('utf8'))).toHaveLength(2);
  });

  it('cuts a batch as soon as batchSize events wait, and posts the rest flushMs later', async () => {
    const t0 = Date.now();
    start({ batchSize: 3, flushMs: 1000 }).enqueue(events(7));
    const first = await receiver.waitFor(2, 800); // two full batches, before the flush time
    expect(first.map((r) => ids(r).length)).toEqual([3, 3]);
    expect(receiver.received).toHaveLength(2); // the seventh waits for the flush time
    const [, , rest] = await receiver.waitFor(3, 3000);
    expect(ids(rest!)).toHaveLength(1);
    expect(rest!.at - t0).toBeGreaterThanOrEqual(990);
  });

  it('gathers events queued within flushMs into one post', async () => {
    const p = start({ batchSize: 100, flushMs: 300 });
    const t0 = Date.now();
    p.enqueue(events(2));
    await sleep(100);
    p.enqueue(events(3));
    const [post] = await receiver.waitFor(1, 2000);
    expect(ids(post!)).toHaveLength(5);
    expect(post!.at - t0).toBeGreaterThanOrEqual(280);
    await sleep(350);
    expect(receiver.received).toHaveLength(1);
  });

  it('retries a batch answered 500, then 503, with the same body and sg_event_ids, freshly signed', async () => {
    receiver.answer(500, 503);
    start({ batchSize: 4, flushMs: 10 }).enqueue(events(4));
    const [first, second, third] = await receiver.waitFor(3, 5000);
    expect(second!.body.equals(first!.body)).toBe(true);
    expect(third!.body.equals(first!.body)).toBe(true);
    expect(ids(third!)).toEqual(ids(first!));
    expect(third!.at - second!.at).toBeGreaterThan(second!.at - first!.at); // the wait grows
    for (const r of [first!, third!]) {
      expect(verifier.verifySignature(verificationKey, r.body, r.headers[SIGNATURE_HEADER.toLowerCase()] as string, r.headers[TIMESTAMP_HEADER.toLowerCase()] as string)).toBe(true);
    }
    await sleep(300);
    expect(receiver.received).toHaveLength(3);
    expect(log.list().map((d) => [d.status, d.attempt, d.outcome])).toEqual([
      [200, 3, 'delivered'],
      [503, 2, 'will-retry'],
      [500, 1, 'will-retry'],
    ]);
  });

  it('retries after a network error until the receiver is back', async () => {
    const url = receiver.url;
    await receiver.close();
    const p = new EventWebhookPoster({ url: new URL(`${url}/hook`), signer, settings: { ...DEFAULT_WEBHOOK_SETTINGS, flushMs: 10 }, log, retry: fastRetry });
    poster = p;
    p.enqueue(events(1));
    await sleep(250);
    expect(log.list().length).toBeGreaterThanOrEqual(2);
    expect(log.list().every((d) => d.status === null && d.outcome === 'will-retry' && d.error)).toBe(true);
    expect(p.counts().waitingToRetry + p.counts().posting + p.counts().queued).toBe(1);
    receiver = await startWebhookReceiver(); // afterEach closes this one
  });

  it('gives up on a batch only once the retry window is spent', async () => {
    const warn = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    receiver.answer(...Array(50).fill(500));
    const p = start({ flushMs: 10 }, { windowMs: 200 });
    p.enqueue(events(2));
    await sleep(700);
    const outcomes = log.list().map((d) => d.outcome);
    expect(outcomes[0]).toBe('gave-up');
    expect(outcomes.slice(1).every((o) => o === 'will-retry')).toBe(true);
    expect(p.counts()).toEqual({ queued: 0, posting: 0, waitingToRetry: 0 });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('given up after the retry window'));
    warn.mockRestore();
  });

  it('holds posts while paused and sends them when unpaused', async () => {
    const settings = { ...DEFAULT_WEBHOOK_SETTINGS, flushMs: 10, paused: true };
    const p = new EventWebhookPoster({ url: new URL(`${receiver.url}/e`), signer, settings, log, retry: fastRetry });
    poster = p;
    p.enqueue(events(3));
    await sleep(150);
    expect(receiver.received).toHaveLength(0);
    expect(p.counts().queued).toBe(3);
    settings.paused = false;
    p.settingsChanged();
    const [post] = await receiver.waitFor(1, 2000);
    expect(ids(post!)).toHaveLength(3);
  });

  it('posts duplicates at the configured rates: the same sg_event_id, or the same content under a new one', async () => {
    // A seeded generator: the share of duplicates is the rate, within sampling error.
    let seed = 42; // mulberry32
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const p = start({ batchSize: 100, flushMs: 20, duplicateRate: 0.2, newIdRate: 0.1 }, { random });
    const sent = events(2000);
    p.enqueue(sent);
    const byId = new Map<string, number>();
    const byContent = new Map<string, Set<string>>();
    const deadline = Date.now() + 10_000;
    let total = 0;
    for (;;) {
      total = receiver.received.reduce((sum, r) => sum + ids(r).length, 0);
      if (total >= 2000 && p.counts().queued + p.counts().posting === 0) break;
      if (Date.now() > deadline) throw new Error(`only ${total} events arrived`);
      await sleep(50);
    }
    for (const r of receiver.received) {
      for (const e of JSON.parse(r.body.toString('utf8')) as SendGridEvent[]) {
        byId.set(e.sg_event_id, (byId.get(e.sg_event_id) ?? 0) + 1);
        const key = String(e.ledger_key);
        byContent.set(key, (byContent.get(key) ?? new Set()).add(e.sg_event_id));
      }
    }
    const sameId = [...byId.values()].filter((c) => c === 2).length;
    const newId = [...byContent.values()].filter((s) => s.size === 2).length;
    expect(byContent.size).toBe(2000); // none lost
    expect(sameId / 2000).toBeGreaterThan(0.16);
    expect(sameId / 2000).toBeLessThan(0.24);
    expect(newId / 2000).toBeGreaterThan(0.07);
    expect(newId / 2000).toBeLessThan(0.13);
    expect(Math.max(...byId.values())).toBe(2); // a duplicate is not duplicated again
    // Duplicates come in a later post than their original.
    const firstPost = new Map<string, number>();
    receiver.received.forEach((r, i) => ids(r).forEach((id) => (firstPost.has(id) ? expect(i).toBeGreaterThan(firstPost.get(id)!) : firstPost.set(id, i))));
  });

  it('posts no duplicates at rate 0', async () => {
    start({ batchSize: 50, flushMs: 10 }).enqueue(events(200));
    await receiver.waitFor(4, 3000);
    await sleep(200);
    const all = receiver.received.flatMap(ids);
    expect(all).toHaveLength(200);
    expect(new Set(all).size).toBe(200);
  });
});
