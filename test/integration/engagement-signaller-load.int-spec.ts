import { Client, Connection } from '@temporalio/client';
import type pg from 'pg';
import { testStack, internal, eventually } from '../setup/test-stack.js';
import * as kit from './nurture-service/admission-kit.js';
import { enrolLeads, inboxRowsOf, postEvents, recordedSignals, sgEvent, shuffle, startEnrolments, type Enrolled, type SgEvent } from './engagement-signaller-kit.js';

/**
 * The "each of N events delivered three times, shuffled, some under a new sg_event_id": signed posts to the
 * real webhook in batches of at most 500, drained by the real signaller to real leadNurture workflows. Afterwards the
 * inbox holds exactly the unique events, every one applied (or parked when no enrolment is behind it), and each
 * signal-worthy event is in its workflow's history exactly once. N is ENGAGEMENT_LOAD_EVENTS (10,000 under
 * `npm run test:full`; CI's default keeps the suite inside its time budget).
 */
const EVENTS = Number(process.env.ENGAGEMENT_LOAD_EVENTS ?? 1_500);
// About 25 events per enrolment, as a lead's few sends collect them.
const ENROLMENTS = Math.min(400, Math.max(20, Math.round(EVENTS / 25)));
const CAMPAIGN = 'it-signaller-load';
const DOMAIN = 'signaller-load.example';
// Unresolvable events (no custom_args; an enrolment nurture never issued): parked, not dropped.
const ORPHANS = Math.max(10, Math.round(EVENTS / 100));
const SIGNAL_OF: Record<string, string | undefined> = { open: 'opened', click: 'clicked', bounce: 'bounced' };

let db: pg.Client;
let client: Client;
let enrolled: Enrolled[];

interface Unique {
  event: SgEvent;
  /** Every sg_event_id it was posted under. */
  ids: string[];
  enrolmentId: string | null;
  workflowId: string | null;
}
const uniques: Unique[] = [];

beforeAll(async () => {
  const s = testStack();
  db = await kit.pgClient();
  client = new Client({ connection: await Connection.connect({ address: s.temporalAddress }), namespace: s.namespace });
  const made = await enrolLeads(db, CAMPAIGN, DOMAIN, ENROLMENTS);
  enrolled = made.enrolled;
  await startEnrolments(client, made.inputs);
  await eventually(
    async () => ((await db.query(`SELECT count(*)::int AS n FROM nurture.enrolments WHERE campaign_id = $1 AND status = 'waiting'`, [CAMPAIGN])).rows[0].n === ENROLMENTS ? true : undefined),
    'every enrolment waiting on its first step',
    180_000,
  );
}, 600_000);

afterAll(async () => {
  await client?.connection.close();
  await db?.end();
});

/** Events of a lead's sends: delivery, opens (some within the scanner window), clicks, soft bounces. */
function buildEvents(): void {
  const t0 = Math.floor(Date.now() / 1000) - 7 * 86_400;
  // Each step's delivery comes first (rounds 0-2), as with real mail; rounds 3-5 open 9 s after it.
  const kinds = ['delivered', 'delivered', 'delivered', 'open', 'open', 'open', 'click', 'processed', 'deferred', 'open', 'bounce', 'click'];
  for (let i = 0; i < EVENTS - ORPHANS; i++) {
    const e = enrolled[i % ENROLMENTS]!;
    const round = Math.floor(i / ENROLMENTS);
    const step = round % 3;
    const kind = kinds[round % kinds.length]!;
    const message = `sg-${e.enrolmentId.slice(0, 8)}-${step}.filterdrecv-1-${step}`;
    // 3 s apart per round: an open three rounds after its step's delivery lands 9 s after it (a scanner's speed),
    // later ones look human. The rule can tell only when the delivery reached the inbox first, as with SendGrid.
    const at = t0 + round * 3 + (i % ENROLMENTS) * 1000;
    const extra = kind === 'click' ? { url: `https://acme.example/p/${round}` } : kind === 'bounce' ? { type: 'blocked', reason: '421 try later', bounce_classification: 'Reputation' } : kind === 'deferred' ? { response: '451 greylisted' } : {};
    const event = sgEvent(e, { kind, step, at, id: `load-${i}`, message, extra });
    uniques.push({ event, ids: [event.sg_event_id], enrolmentId: e.enrolmentId, workflowId: e.workflowId });
  }
  for (let i = 0; i < ORPHANS; i++) {
    const unknownEnrolment = i % 2 === 0;
    const who = { email: `orphan${i}@${DOMAIN}`, ...(unknownEnrolment ? { enrolmentId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, campaignId: CAMPAIGN } : {}) };
    const event = sgEvent(who, { kind: 'open', step: 0, at: t0 + i, id: `load-orphan-${i}`, message: `sg-orphan-${i}` });
    if (!unknownEnrolment) delete event.step;
    uniques.push({ event, ids: [event.sg_event_id], enrolmentId: unknownEnrolment ? who.enrolmentId! : null, workflowId: null });
  }
}

describe(`the signaller: ${EVENTS} events each delivered three times`, () => {
  it('accepts every signed batch, keeping exactly the unique events', async () => {
    buildEvents();
    const copies: SgEvent[] = [];
    uniques.forEach((u, i) => {
      copies.push(u.event);
      for (let c = 1; c <= 2; c++) {
        // Every third re-delivery comes under a new sg_event_id (the content key still knows it).
        if ((i + c) % 3 === 0) {
          const id = `${u.event.sg_event_id}-again-${c}`;
          u.ids.push(id);
          copies.push({ ...u.event, sg_event_id: id });
        } else copies.push({ ...u.event });
      }
    });
    shuffle(copies, 20261205);
    const batches: SgEvent[][] = [];
    for (let i = 0, size = 137; i < copies.length; i += size, size = 100 + ((size * 7) % 400)) batches.push(copies.slice(i, i + size));
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(500);
    const started = Date.now();
    let accepted = 0;
    let duplicates = 0;
    let retriedPosts = 0;
    // As SendGrid does: a 5xx answer (the inbox could not take the post just now) means the same batch again later.
    const deliver = async (batch: SgEvent[]) => {
      for (let attempt = 1; ; attempt++) {
        const a = await postEvents(batch);
        if (a.status < 500 || attempt === 10) return a;
        retriedPosts++;
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    };
    for (let i = 0; i < batches.length; i += 4) {
      const answers = await Promise.all(batches.slice(i, i + 4).map(deliver));
      for (const a of answers) {
        expect(a.status).toBe(200);
        accepted += a.body.accepted ?? 0;
        duplicates += a.body.duplicates ?? 0;
      }
    }
    console.log(
      `posted ${copies.length} copies of ${uniques.length} events in ${batches.length} batches (4 at a time) in ${Date.now() - started} ms: ` +
        `${accepted} accepted, ${duplicates} duplicates, ${retriedPosts} posts answered 5xx and sent again`,
    );
    expect(accepted).toBe(uniques.length);
    expect(duplicates).toBe(copies.length - uniques.length);
  }, 600_000);

  it('applies every event (parking those no enrolment is behind), losing none', async () => {
    const started = Date.now();
    const rows = await eventually(
      async () => {
        const r = await inboxRowsOf(db, DOMAIN);
        return r.length === uniques.length && r.every((x) => x.state !== 'pending') ? r : undefined;
      },
      'every inbox row applied or parked',
      Math.max(180_000, EVENTS * 60),
    );
    console.log(`drained ${rows.length} rows in ${Date.now() - started} ms after the last post`);
    // One row per unique event, under one of the ids it was posted with.
    const byId = new Map(uniques.flatMap((u) => u.ids.map((id) => [id, u] as const)));
    const seen = new Set<Unique>();
    for (const r of rows) {
      const u = byId.get(r.sg_event_id);
      expect(u).toBeDefined();
      expect(seen.has(u!)).toBe(false);
      seen.add(u!);
    }
    expect(seen.size).toBe(uniques.length);

    const parked = rows.filter((r) => r.state === 'parked');
    expect(parked).toHaveLength(ORPHANS);
    for (const r of parked) {
      expect(r.parked_reason).toBe(r.enrolment_id ? `enrolment ${r.enrolment_id} is not known to nurture` : 'no enrolment_id in custom_args');
    }
    expect(rows.filter((r) => r.state === 'applied')).toHaveLength(uniques.length - ORPHANS);
    // The whole inbox's counts (other specs' rows included) hold at least this spec's.
    const stats = await internal<{ pending: number; applied: number; parked: number }>('engagement', '/internal/inbox/stats');
    expect(stats.status).toBe(200);
    expect(stats.body.applied).toBeGreaterThanOrEqual(uniques.length - ORPHANS);
    expect(stats.body.parked).toBeGreaterThanOrEqual(ORPHANS);
  }, 3_600_000);

  it("puts each signal-worthy event in its workflow's history exactly once, flagged as the inbox flags it", async () => {
    const rows = await inboxRowsOf(db, DOMAIN);
    const rowOf = new Map(rows.map((r) => [`inbox:${r.id}`, r]));
    const expected = new Map<string, Set<string>>();
    for (const r of rows) {
      if (r.state !== 'applied' || !SIGNAL_OF[r.kind]) continue;
      expect(r.effects.signal).toEqual({ signal: SIGNAL_OF[r.kind] });
      const wf = uniques.find((u) => u.enrolmentId === r.enrolment_id)!.workflowId!;
      if (!expected.has(wf)) expected.set(wf, new Set());
      expected.get(wf)!.add(`inbox:${r.id}`);
    }
    let signals = 0;
    let machine = 0;
    for (let i = 0; i < enrolled.length; i += 20) {
      const histories = await Promise.all(enrolled.slice(i, i + 20).map(async (e) => [e.workflowId, await recordedSignals(client, e.workflowId)] as const));
      for (const [workflowId, recorded] of histories) {
        const ids = recorded.map((s) => s.eventId!);
        // Exactly once: no id twice, none missing, none that is not this workflow's.
        expect(new Set(ids).size).toBe(ids.length);
        expect(new Set(ids)).toEqual(expected.get(workflowId) ?? new Set());
        for (const s of recorded) {
          const row = rowOf.get(s.eventId!)!;
          expect(s.name).toBe(SIGNAL_OF[row.kind]);
          if (row.kind !== 'bounce') expect(s.machine).toBe(row.machine);
          if (s.machine) machine++;
        }
        signals += ids.length;
      }
    }
    const worthy = uniques.filter((u) => u.workflowId && SIGNAL_OF[u.event.event]).length;
    console.log(`${signals} signals in ${enrolled.length} workflow histories for ${worthy} signal-worthy events (${machine} flagged machine)`);
    expect(signals).toBe(worthy);
    expect(machine).toBeGreaterThan(0);
  }, 600_000);
});
