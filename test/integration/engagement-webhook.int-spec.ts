import { createHash, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import pg from 'pg';
import { ENGAGEMENT_WEBHOOK_PATHS } from '#libs/contracts';
import { postEvents, SIGNATURE_HEADER, sendGridSignature, signedHeaders, TIMESTAMP_HEADER } from '../setup/sendgrid-signing.js';
import { internal, serviceUrl, testStack } from '../setup/test-stack.js';

/**
 * The Event Webhook on the real stack: forged posts of every kind are refused and leave nothing behind; genuine
 * batches are taken once, whatever their age, under their sg_event_id and under their content; the route takes
 * large batches that the service's other routes refuse. Every post of this run is marked (sg_event_id prefix and an
 * address domain of its own), so posts the sandbox makes meanwhile for other specs do not disturb the counts.
 */
const pool = new pg.Pool({ connectionString: testStack().databaseUrl, max: 2 });
afterAll(() => pool.end());

const RUN = randomUUID().slice(0, 8);
const DOMAIN = `run-${RUN}.example`;
const ENROLMENT = randomUUID();
const KINDS = ['processed', 'delivered', 'deferred', 'open', 'click', 'bounce', 'dropped', 'spamreport', 'unsubscribe', 'group_unsubscribe'] as const;
let sequence = 0;

/** One SendGrid event of this run, as SendGrid shapes it (custom_args as top-level fields). */
function sgEvent(tag: string, i: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  const kind = KINDS[i % KINDS.length]!;
  return {
    email: `lead-${i}@${DOMAIN}`,
    timestamp: Math.floor(Date.now() / 1000) - 60,
    event: kind,
    sg_event_id: `${tag}-${RUN}-${sequence++}`,
    sg_message_id: `msg${RUN}${tag}${i}.filterdrecv-p3mdw1-1-5F5FC76C-${i}.0`,
    'smtp-id': `<msg${i}@${DOMAIN}>`,
    ledger_key: `${ENROLMENT}:${i % 3}:a`,
    enrolment_id: ENROLMENT,
    step: String(i % 3),
    campaign_id: 'webhook-spec',
    ...(kind === 'click' ? { url: `https://example.com/page/${i}`, useragent: 'Mozilla/5.0' } : {}),
    ...(kind === 'open' ? { useragent: 'Mozilla/5.0', sg_machine_open: false } : {}),
    ...(kind === 'bounce' ? { type: i % 2 ? 'bounce' : 'blocked', reason: '550 5.1.1 no such user', bounce_classification: 'Invalid Address' } : {}),
    ...(kind === 'deferred' || kind === 'dropped' ? { reason: 'try later', response: '451 try later' } : {}),
    ...over,
  };
}

function batch(tag: string, n: number, over: (i: number) => Record<string, unknown> = () => ({})): Array<Record<string, unknown>> {
  return Array.from({ length: n }, (_, i) => sgEvent(tag, i, over(i)));
}

async function count(sql: string, params: unknown[]): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(sql, params);
  return rows[0]!.n;
}
const inboxRowsOf = (tag: string) => count(`SELECT count(*)::int AS n FROM engagement.inbox WHERE sg_event_id LIKE $1`, [`${tag}-${RUN}-%`]);
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const now = () => String(Math.floor(Date.now() / 1000));

/** A post through node:http: raw header lines (a header twice stays twice) and, without a length, a chunked body. */
function rawPost(headers: string[], body: Buffer, chunked = false): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const url = new URL(serviceUrl('engagement') + ENGAGEMENT_WEBHOOK_PATHS.events);
    // With header lines given as a list, node:http adds no Host header of its own.
    const lines = ['host', url.host, ...headers, ...(chunked ? [] : ['content-length', String(body.length)])];
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: lines }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          /* not JSON */
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
    });
    req.on('error', reject);
    if (chunked) {
      for (let i = 0; i < body.length; i += 256 * 1024) req.write(body.subarray(i, i + 256 * 1024));
      req.end();
    } else req.end(body);
  });
}

interface Forged {
  kind: string;
  expected: number;
  send: () => Promise<{ status: number; body: unknown }>;
  /** The exact bytes posted, so a received_batches row made of them would be found. */
  body: Buffer;
}

/** The forged posts: each class generated programmatically, each expected to be refused with its status. */
function forgedPosts(): Forged[] {
  const posts: Forged[] = [];
  const add = (kind: string, expected: number, body: Buffer, headers: Record<string, string>) => posts.push({ kind, expected, body, send: () => postEvents(body, headers) });
  const genuine = (i: number) => Buffer.from(JSON.stringify(batch('forged', 1 + (i % 7))));
  const otherKeys = Array.from({ length: 4 }, () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  const ct = { 'content-type': 'application/json' };

  for (let i = 0; i < 100; i++) {
    const body = genuine(i);
    const ts = now();
    const random = i % 2 ? randomBytes(70 + (i % 3)).toString('base64') : sendGridSignature(body, ts).replace(/^(.{10})(.)/, (_, a: string, c: string) => a + (c === 'A' ? 'B' : 'A'));
    add('bad signature', 401, body, { ...ct, [SIGNATURE_HEADER]: random, [TIMESTAMP_HEADER]: ts });
  }
  for (let i = 0; i < 100; i++) {
    const body = genuine(i);
    add('signed with another key', 401, body, signedHeaders(body, now(), otherKeys[i % otherKeys.length]));
  }
  for (let i = 0; i < 100; i++) {
    const body = genuine(i);
    const headers = signedHeaders(body);
    const altered = Buffer.from(body);
    const at = (i * 7919) % altered.length;
    altered[at] = altered[at]! ^ (1 << (i % 7));
    add('body altered by one byte', 401, altered, headers);
  }
  for (let i = 0; i < 100; i++) {
    const body = genuine(i);
    const ts = Number(now());
    const headers = signedHeaders(body, String(ts));
    const changed = [String(ts + 1 + i), String(ts - 1 - i), `${ts} `.trim() + '0', String(ts).slice(1), `0${ts}`][i % 5]!;
    add('timestamp header altered', 401, body, { ...headers, [TIMESTAMP_HEADER]: changed });
  }
  for (let i = 0; i < 100; i++) {
    const body = genuine(i);
    const headers = signedHeaders(body);
    add('truncated body', 401, body.subarray(0, Math.max(1, Math.floor((body.length * (i + 1)) / 101))), headers);
  }
  for (let i = 0; i < 100; i++) {
    const empty = Buffer.alloc(0);
    const headers = [signedHeaders(empty), { ...ct }, { ...ct, [SIGNATURE_HEADER]: sendGridSignature(genuine(i), now()), [TIMESTAMP_HEADER]: now() }][i % 3]!;
    add('empty body', 400, empty, headers);
  }
  for (let i = 0; i < 100; i++) {
    const body = genuine(i);
    const types = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json-patch+json', 'text/json', 'application/jsonx', 'application/xml', 'application/octet-stream', ''];
    const headers = signedHeaders(body);
    if (i % 10 === 9) add('wrong content type', 415, body, { ...headers, 'content-encoding': 'gzip' });
    else add('wrong content type', 415, body, { ...headers, 'content-type': types[i % types.length]! });
  }
  for (let i = 0; i < 100; i++) {
    const body = genuine(i);
    const { [SIGNATURE_HEADER]: signature, [TIMESTAMP_HEADER]: timestamp } = signedHeaders(body);
    const headers = [{ ...ct, [TIMESTAMP_HEADER]: timestamp! }, { ...ct, [SIGNATURE_HEADER]: signature! }, { ...ct }][i % 3]!;
    add('missing headers', 401, body, headers);
  }
  for (let i = 0; i < 100; i++) {
    const body = genuine(i);
    const other = genuine(i + 1);
    add('signature of another body', 401, body, signedHeaders(other));
  }
  for (let i = 0; i < 100; i++) {
    const body = genuine(i);
    const ts = now();
    const good = sendGridSignature(body, ts);
    const bad = randomBytes(71).toString('base64');
    const variants: string[][] = [
      [SIGNATURE_HEADER, good, SIGNATURE_HEADER, good, TIMESTAMP_HEADER, ts],
      [SIGNATURE_HEADER, bad, SIGNATURE_HEADER, good, TIMESTAMP_HEADER, ts],
      [SIGNATURE_HEADER, good, SIGNATURE_HEADER, bad, TIMESTAMP_HEADER, ts],
      [SIGNATURE_HEADER, good, TIMESTAMP_HEADER, ts, TIMESTAMP_HEADER.toLowerCase(), ts],
      [SIGNATURE_HEADER, `${good}, ${good}`, TIMESTAMP_HEADER, ts],
    ];
    const headers = ['content-type', 'application/json', ...variants[i % variants.length]!];
    posts.push({ kind: 'duplicate header tricks', expected: 401, body, send: async () => rawPost(headers, body) });
  }
  for (let i = 0; i < 15; i++) {
    // Validly signed and > 4 MiB: refused on size alone; some without a length (chunked).
    const events = batch('forged', 1, () => ({ padding: 'x'.repeat(4 * 1024 * 1024 + 1 + i * 50_000) }));
    const body = Buffer.from(JSON.stringify(events));
    const headers = signedHeaders(body);
    const chunked = i % 3 === 0;
    posts.push({ kind: chunked ? 'huge body (chunked)' : 'huge body', expected: 413, body, send: async () => rawPost(Object.entries(headers).flat(), body, chunked) });
  }
  return posts;
}

async function inParallel<T, R>(items: T[], width: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await run(items[i]!);
      }
    }),
  );
  return out;
}

describe('Event Webhook', () => {
  it('refuses every one of 1,015 forged posts with the right status and keeps nothing of them', async () => {
    const forged = forgedPosts();
    expect(forged.length).toBeGreaterThanOrEqual(1000);
    const hashes = forged.map((f) => sha256(f.body));
    const batchesOf = () => count(`SELECT count(*)::int AS n FROM engagement.received_batches WHERE body_sha256 = ANY($1)`, [hashes]);
    const rowsOfRun = () => count(`SELECT count(*)::int AS n FROM engagement.inbox WHERE sg_event_id LIKE $1 OR email LIKE $2`, [`forged-${RUN}-%`, `%@${DOMAIN}`]);
    expect([await rowsOfRun(), await batchesOf()]).toEqual([0, 0]);

    const answers = await inParallel(forged, 6, (f) => f.send().catch((err: Error) => ({ status: -1, body: String(err) })));
    const wrong = forged.map((f, i) => ({ kind: f.kind, i, expected: f.expected, got: answers[i]!.status })).filter((r) => r.got !== r.expected);
    expect(wrong).toEqual([]);
    // Every refusal has the service's error body.
    const bodies = answers.filter((a) => a.body !== undefined && typeof a.body === 'object' && typeof (a.body as { code?: unknown }).code === 'string');
    expect(bodies).toHaveLength(forged.length);
    const byKind = new Map<string, number>();
    for (const f of forged) byKind.set(f.kind, (byKind.get(f.kind) ?? 0) + 1);
    console.log(`forged posts refused: ${forged.length} (${[...byKind].map(([k, n]) => `${k} ${n}`).join(', ')})`);

    expect([await rowsOfRun(), await batchesOf()]).toEqual([0, 0]);
  });

  it('takes a genuine batch once: the same bytes again, and the same events under new sg_event_ids, add no row', async () => {
    const events = batch('genuine', 50);
    const body = JSON.stringify(events);
    const first = await postEvents(body);
    expect(first).toEqual({ status: 200, body: { accepted: 50, duplicates: 0, rejected: 0, problems: [] } });
    expect(await inboxRowsOf('genuine')).toBe(50);
    const { rows } = await pool.query(`SELECT items, accepted, duplicates, body_bytes FROM engagement.received_batches WHERE body_sha256 = $1`, [sha256(body)]);
    expect(rows).toEqual([{ items: 50, accepted: 50, duplicates: 0, body_bytes: Buffer.byteLength(body) }]);

    // SendGrid's retry: the same bytes, signed anew.
    expect(await postEvents(body)).toEqual({ status: 200, body: { accepted: 0, duplicates: 50, rejected: 0, problems: [] } });
    // The same events under new sg_event_ids, through another filter server, in another order.
    const reposted = events.map((e, i) => ({ ...e, sg_event_id: `genuine-${RUN}-again-${i}`, sg_message_id: String(e.sg_message_id).replace(/\.filter.*$/, `.filter0009.${i}.0`) })).reverse();
    expect(await postEvents(JSON.stringify(reposted))).toEqual({ status: 200, body: { accepted: 0, duplicates: 50, rejected: 0, problems: [] } });
    expect(await inboxRowsOf('genuine')).toBe(50);

    // Stored as normalized rows, pending for the signaller (or already taken by it). Ids follow content-key order
    // (the writer inserts in that order so overlapping posts cannot deadlock), hence the order by address.
    const stored = await pool.query(
      `SELECT kind, email, enrolment_id, step, campaign_id, bounce_type, detail, machine, state FROM engagement.inbox WHERE sg_event_id = ANY($1) ORDER BY email`,
      [[events[4]!.sg_event_id, events[5]!.sg_event_id]],
    );
    expect(stored.rows).toEqual([
      { kind: 'click', email: `lead-4@${DOMAIN}`, enrolment_id: ENROLMENT, step: 1, campaign_id: 'webhook-spec', bounce_type: null, detail: 'https://example.com/page/4', machine: false, state: expect.any(String) },
      { kind: 'bounce', email: `lead-5@${DOMAIN}`, enrolment_id: ENROLMENT, step: 2, campaign_id: 'webhook-spec', bounce_type: 'hard', detail: '550 5.1.1 no such user', machine: false, state: expect.any(String) },
    ]);
  });

  it('takes events posted at once in several overlapping, shuffled posts exactly once, without a refusal', async () => {
    const events = batch('overlap', 300);
    // i → i·m mod 300 is a permutation for m prime to 300; each copy gets its own m, so its own order.
    const shuffle = <T>(xs: T[], m: number) => xs.map((x, i) => ({ x, k: (i * m) % 300 })).sort((a, b) => a.k - b.k).map((p) => p.x);
    // Four copies of the same events: two under their own ids, two under new ids, each in its own order.
    const copies = [0, 1, 2, 3].map((c) => shuffle(c < 2 ? events : events.map((e, i) => ({ ...e, sg_event_id: `overlap-${RUN}-copy${c}-${i}` })), [7, 299, 13, 211][c]!));
    const answers = await Promise.all(copies.map((copy) => postEvents(JSON.stringify(copy))));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(answers.reduce((n, a) => n + a.body.accepted, 0)).toBe(300);
    expect(answers.reduce((n, a) => n + a.body.duplicates, 0)).toBe(900);
    expect(await count(`SELECT count(*)::int AS n FROM engagement.inbox WHERE email LIKE $1 AND sg_event_id LIKE $2`, [`%@${DOMAIN}`, `overlap-${RUN}-%`])).toBe(300);
  });

  it('takes a genuine batch signed two days ago (a late retry is not a replay)', async () => {
    const body = JSON.stringify(batch('late', 10));
    const twoDaysAgo = String(Math.floor(Date.now() / 1000) - 2 * 86_400);
    expect(await postEvents(body, signedHeaders(body, twoDaysAgo))).toEqual({ status: 200, body: { accepted: 10, duplicates: 0, rejected: 0, problems: [] } });
    expect(await inboxRowsOf('late')).toBe(10);
  });

  it("takes a signed batch's good events and names the bad ones by index and field", async () => {
    const events = batch('partial', 4);
    events[1] = { ...events[1], timestamp: Date.now() };
    events[3] = { ...events[3], event: 'group_resubscribe' };
    const answer = await postEvents(JSON.stringify(events));
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      accepted: 2,
      duplicates: 0,
      rejected: 2,
      problems: [
        { index: 1, field: 'timestamp', message: 'must be a unix time in seconds' },
        { index: 3, field: 'event', message: expect.stringContaining('unknown event type "group_resubscribe"') },
      ],
    });
    expect(await inboxRowsOf('partial')).toBe(2);
  });

  it('refuses a signed body that is not an event batch as a whole', async () => {
    for (const body of ['{"event":"open"}', 'not json', JSON.stringify(new Array(10_001).fill(0))]) {
      const answer = await postEvents(body);
      expect({ status: answer.status, code: answer.body.code }).toEqual({ status: 400, code: 'invalid_event_batch' });
    }
  });

  it('flags an Apple MPP open and a scanner click as machine when written', async () => {
    const events = [sgEvent('machine', 3, { event: 'open', sg_machine_open: true }), sgEvent('machine', 4, { event: 'click', url: 'https://example.com/x', useragent: 'Mozilla/5.0 (compatible; BarracudaCentral)' })];
    expect((await postEvents(JSON.stringify(events))).body).toMatchObject({ accepted: 2 });
    const { rows } = await pool.query(`SELECT kind, machine, machine_reason FROM engagement.inbox WHERE sg_event_id LIKE $1 ORDER BY kind DESC`, [`machine-${RUN}-%`]);
    expect(rows).toEqual([
      { kind: 'open', machine: true, machine_reason: 'Apple Mail Privacy Protection fetched the open pixel (sg_machine_open)' },
      { kind: 'click', machine: true, machine_reason: 'clicked by a Barracuda email security (user agent)' },
    ]);
  });

  it('takes a genuine 1.5 MiB batch, while the same service refuses 1.5 MB of JSON on its other routes (413)', async () => {
    const events = batch('large', 3000, (i) => ({ event: 'click', url: `https://example.com/${i}/${'p'.repeat(300)}` }));
    const body = JSON.stringify(events);
    expect(Buffer.byteLength(body)).toBeGreaterThan(1.5 * 1024 * 1024);
    const answer = await postEvents(body);
    expect(answer).toEqual({ status: 200, body: { accepted: 3000, duplicates: 0, rejected: 0, problems: [] } });
    expect(await inboxRowsOf('large')).toBe(3000);

    const other = await internal('engagement', '/internal/inbox/stats', { method: 'POST', json: { padding: 'x'.repeat(1_500_000) } });
    expect({ status: other.status, code: (other.body as { code?: string }).code }).toEqual({ status: 413, code: 'payload_too_large' });
  });

  it('answers 503 inbox_unavailable and writes nothing when the database refuses the write; the retry is taken', async () => {
    const body = JSON.stringify(batch('dbfail', 20));
    const constraint = `webhook_spec_refuse_${RUN}`;
    // A real database failure at the last step of the statement (the batch row, after the inbox rows).
    await pool.query(`ALTER TABLE engagement.received_batches ADD CONSTRAINT ${constraint} CHECK (body_sha256 <> '${sha256(body)}') NOT VALID`);
    try {
      const answer = await postEvents(body);
      expect({ status: answer.status, code: answer.body.code }).toEqual({ status: 503, code: 'inbox_unavailable' });
      expect(await inboxRowsOf('dbfail')).toBe(0);
    } finally {
      await pool.query(`ALTER TABLE engagement.received_batches DROP CONSTRAINT IF EXISTS ${constraint}`);
    }
    expect(await postEvents(body)).toEqual({ status: 200, body: { accepted: 20, duplicates: 0, rejected: 0, problems: [] } });
    expect(await inboxRowsOf('dbfail')).toBe(20);
  });

  it('counts posts by outcome and events by fate on /metrics', async () => {
    const res = await fetch(`${serviceUrl('engagement')}/metrics`);
    const text = await res.text();
    const value = (line: RegExp) => Number(text.match(line)?.[1] ?? NaN);
    expect(value(/^engagement_webhook_posts_total\{[^}]*outcome="signature_invalid"[^}]*\} (\d+)/m)).toBeGreaterThanOrEqual(700);
    expect(value(/^engagement_webhook_posts_total\{[^}]*outcome="unsupported_media_type"[^}]*\} (\d+)/m)).toBeGreaterThanOrEqual(100);
    expect(value(/^engagement_webhook_events_duplicate_total(?:\{[^}]*\})? (\d+)/m)).toBeGreaterThanOrEqual(100);
    expect(value(/^engagement_webhook_events_rejected_total\{[^}]*field="timestamp"[^}]*\} (\d+)/m)).toBeGreaterThanOrEqual(1);
  });
});
