import type pg from 'pg';
import type { DataSource } from 'typeorm';
import type { LeadNurtureInput, NurtureCampaignSummary, StepPlan } from '#libs/contracts';
import { LeadFactsClient } from '#libs/stage-clients';
import type { EnrolmentAdmission } from '../../services/nurture/src/admission/enrolment-admission.js';
import { SequenceStore } from '../../services/nurture/src/definitions/sequence-store.js';
import { SettingsStore } from '../../services/nurture/src/definitions/settings-store.js';
import { EnrolmentProgress } from '../../services/nurture/src/enrolments/enrolment-progress.js';
import { StepPlanner } from '../../services/nurture/src/plans/step-planner.js';
import { api, internal, testStack } from '../setup/test-stack.js';
import * as kit from './nurture-service/admission-kit.js';

/**
 * Admission paced by capacity, on the real stack: leads imported through the API (harvest serves their facts),
 * routes and scores written as routing and scoring would have (their own tables), definitions through the nurture
 * service's internal routes, and the admission activity's class run against the same PostgreSQL.
 */
const CAMPAIGN = 'it-nurture-admit';
const RACE = 'it-nurture-race';
const DAY_MS = 86_400_000;

// Score order decides; the tie at 70 goes to the hotter tier; the suppressed address never enters the queue.
const LEADS = [
  { email: 'ada@admit.example', score: 90, tier: 'hot' },
  { email: 'bo@admit.example', score: 70, tier: 'warm' },
  { email: 'cy@admit.example', score: 70, tier: 'hot' },
  { email: 'di@admit.example', score: 40, tier: 'cool' },
  { email: 'ed@admit.example', score: 55, tier: 'warm' },
  { email: 'fay@admit.example', score: 20, tier: 'cold' },
  { email: 'gus@admit.example', score: 60, tier: 'warm' },
  { email: 'blocked@admit.example', score: 99, tier: 'hot' },
] as const;
// Expected admission order of the seven that can be enrolled.
const ORDER = ['ada', 'cy', 'bo', 'gus', 'ed', 'di', 'fay'].map((n) => `${n}@admit.example`);

let db: pg.Client;
let ds: DataSource;
let admission: EnrolmentAdmission;
let planner: StepPlanner;
let progress: EnrolmentProgress;
const leadIds = new Map<string, string>();
const emailOf = (leadId: string) => [...leadIds].find(([, id]) => id === leadId)![0];

const openEveryDay = kit.OPEN_EVERY_DAY;
const defineNurture = kit.defineNurture;
const routeAndScore = (campaign: string) => kit.routeAndScore(db, campaign, LEADS, leadIds);
const admitAll = (campaign: string, now: string, runId = 'it-run', limit = 100): Promise<{ items: LeadNurtureInput[]; counts: Record<string, number> }> =>
  kit.admitAll(admission, campaign, now, runId, limit);

beforeAll(async () => {
  const s = testStack();
  db = await kit.pgClient();
  ds = await kit.nurtureDataSource('it-admission');
  admission = kit.admissionOf(ds);
  planner = new StepPlanner(ds, new SettingsStore(ds), new SequenceStore(ds), new LeadFactsClient(s.harvestUrl, s.internalToken));
  progress = new EnrolmentProgress(ds);

  for (const [email, id] of await kit.importLeads(CAMPAIGN, LEADS)) leadIds.set(email, id);
  expect(leadIds.size).toBe(LEADS.length);
  await routeAndScore(CAMPAIGN);
  await db.query(`INSERT INTO nurture.suppressions (kind, value, reason) VALUES ('address', 'blocked@admit.example', 'it') ON CONFLICT DO NOTHING`);
  // 9 sends a day over a 3-step sequence: 3 new leads a day.
  const mailbox = { id: 'it-admit-mb', address: 'sales@admit-sender.example', displayName: 'Admit Sales', dailyCap: 9, hourlyCap: 9, campaigns: [{ campaignId: CAMPAIGN, weight: 1 }] };
  expect((await internal('nurture', '/internal/mailboxes', { method: 'POST', json: mailbox })).status).toBe(201);
  await defineNurture(CAMPAIGN, { window: openEveryDay, timeZone: 'Europe/Berlin' });
});

afterAll(async () => {
  await ds?.destroy();
  await db?.end();
});

describe('routing: enrolled routes page', () => {
  it('pages a campaign\'s enrolled routes by lead id, leaving out the other outcomes', async () => {
    const extra = '00000000-0000-4000-8000-00000000abcd';
    await db.query(`INSERT INTO routing.routes (campaign_id, lead_id, tier, outcome, rule_set_version, run_id, routed_at) VALUES ($1, $2, 'cold', 'not-enrolled', 1, 'it', now())`, [CAMPAIGN, extra]);
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      type RoutesPage = { items: Array<{ leadId: string; tier: string; sequenceId: string; ownerId: string; routedAt: string }>; next: string | null };
      const page: { status: number; body: RoutesPage } = await internal<RoutesPage>('routing', '/internal/routes/enrolled/page', {
        method: 'POST',
        json: { campaignId: CAMPAIGN, after, limit: 3 },
      });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((i) => i.leadId));
      expect(page.body.items.every((i) => i.sequenceId === 'warm' && i.ownerId === 'owner-1' && !Number.isNaN(Date.parse(i.routedAt)))).toBe(true);
      after = page.body.next;
      pages++;
    } while (after !== null);
    expect(seen).toEqual([...leadIds.values()].sort());
    expect(pages).toBe(3);
    const bad = await internal<{ code: string; details: Array<{ field: string }> }>('routing', '/internal/routes/enrolled/page', { method: 'POST', json: { campaignId: CAMPAIGN, after: 'x', limit: 0 } });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d) => d.field).sort()).toEqual(['after', 'limit']);
  });
});

describe('admission paced by capacity', () => {
  const now = new Date().toISOString();
  let first: { items: LeadNurtureInput[]; counts: Record<string, number> };

  it('queues every routed lead once (not the suppressed address) and admits the daily limit, best score and tier first', async () => {
    first = await admitAll(CAMPAIGN, now, 'it-run-1', 3);
    expect(first.counts).toMatchObject({ newlyQueued: 7, suppressed: 1, dailyLimit: 3, admitted: 3, admittedToday: 3, queued: 4 });
    expect(first.items.map((i) => emailOf(i.leadId)).sort()).toEqual(ORDER.slice(0, 3).sort());
    for (const item of first.items) {
      expect(item).toMatchObject({ campaignId: CAMPAIGN, sequenceId: 'warm', sequenceVersion: 1, mailboxId: 'it-admit-mb' });
      expect(item.memo).toEqual({ displayName: expect.stringMatching(/^(ada|bo|cy) Lead\d$/), emailDomain: 'admit.example', owner: 'owner-1', sequence: 'warm v1' });
    }
    const rows = await db.query(`SELECT status, count(*)::int AS n FROM nurture.enrolments WHERE campaign_id = $1 GROUP BY status ORDER BY status`, [CAMPAIGN]);
    expect(rows.rows).toEqual([
      { status: 'admitted', n: 3 },
      { status: 'queued', n: 4 },
    ]);
  });

  it('is idempotent: the same day again queues nobody new, admits nobody more and returns the not-yet-started ones', async () => {
    const again = await admitAll(CAMPAIGN, now, 'it-run-2');
    expect(again.counts).toMatchObject({ newlyQueued: 0, admitted: 0, admittedToday: 3, queued: 4 });
    expect(again.items.map((i) => i.enrolmentId).sort()).toEqual(first.items.map((i) => i.enrolmentId).sort());
  });

  it('shows the queue in admission order with positions, paged, and each lead its own position', async () => {
    const p1 = await internal<{ items: Array<{ position: number; leadId: string }>; next: string | null; total: number }>('nurture', `/internal/campaigns/${CAMPAIGN}/nurture/queue?limit=3`);
    expect(p1.status).toBe(200);
    expect(p1.body.total).toBe(4);
    expect(p1.body.next).toBe('3');
    const p2 = await internal<{ items: Array<{ position: number; leadId: string }>; next: string | null }>('nurture', `/internal/campaigns/${CAMPAIGN}/nurture/queue?limit=3&after=${p1.body.next}`);
    expect(p2.body.next).toBeNull();
    const queue = [...p1.body.items, ...p2.body.items];
    expect(queue.map((q) => q.position)).toEqual([1, 2, 3, 4]);
    expect(queue.map((q) => emailOf(q.leadId))).toEqual(ORDER.slice(3));
    const mine = await internal<{ items: Array<{ campaignId: string; status: string; queuePosition: number | null }> }>('nurture', `/internal/leads/${queue[2]!.leadId}/enrolments`);
    expect(mine.body.items).toEqual([expect.objectContaining({ campaignId: CAMPAIGN, status: 'queued', queuePosition: 3 })]);
    const admitted = await internal<{ items: Array<{ status: string; queuePosition: number | null; sequenceVersion: number }> }>('nurture', `/internal/leads/${first.items[0]!.leadId}/enrolments`);
    expect(admitted.body.items).toEqual([expect.objectContaining({ status: 'admitted', queuePosition: null, sequenceVersion: 1 })]);
    const bad = await internal('nurture', `/internal/campaigns/${CAMPAIGN}/nurture/queue?limit=0`);
    expect(bad.status).toBe(400);
  });

  it('summarises the campaign: states, the daily limit and today\'s admissions', async () => {
    const summary = await internal<NurtureCampaignSummary>('nurture', `/internal/campaigns/${CAMPAIGN}/nurture/summary`);
    expect(summary.status).toBe(200);
    expect(summary.body).toEqual({ campaignId: CAMPAIGN, state: 'active', byStatus: { admitted: 3, queued: 4 }, byStep: {}, dailyNewLeadLimit: 3, admittedToday: 3, queued: 4, pausedMailboxes: [] });
  });

  it('admits the next share on the next local day', async () => {
    const tomorrow = new Date(Date.parse(now) + DAY_MS).toISOString();
    const next = await admitAll(CAMPAIGN, tomorrow, 'it-run-3');
    expect(next.counts).toMatchObject({ newlyQueued: 0, admitted: 3, admittedToday: 3, queued: 1 });
    const newly = next.items.filter((i) => !first.items.some((f) => f.enrolmentId === i.enrolmentId));
    expect(newly.map((i) => emailOf(i.leadId)).sort()).toEqual(ORDER.slice(3, 6).sort());
  });
});

describe('concurrent admission', () => {
  it('never admits more than the daily limit, however many runs admit at once', async () => {
    expect((await api('/campaigns', { method: 'POST', json: { id: RACE, name: 'Nurture race' } })).status).toBe(201);
    await routeAndScore(RACE);
    await internal('nurture', '/internal/mailboxes/it-admit-mb', {
      method: 'PUT',
      json: { address: 'sales@admit-sender.example', displayName: 'Admit Sales', dailyCap: 9, hourlyCap: 9, campaigns: [{ campaignId: CAMPAIGN, weight: 1 }, { campaignId: RACE, weight: 1 }] },
    });
    await defineNurture(RACE, { window: openEveryDay, dailyNewLeadLimit: 4 });
    const now = new Date().toISOString();
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => admitAll(RACE, now, `race-${i}`, 2)));
    expect(results.reduce((n, r) => n + r.counts.admitted!, 0)).toBe(4);
    const rows = await db.query(`SELECT count(*)::int AS n, count(DISTINCT admitted_run_id)::int AS runs FROM nurture.enrolments WHERE campaign_id = $1 AND status = 'admitted'`, [RACE]);
    expect(rows.rows[0].n).toBe(4);
    const queued = await db.query(`SELECT count(*)::int AS n FROM nurture.enrolments WHERE campaign_id = $1`, [RACE]);
    expect(queued.rows[0].n).toBe(7);
    for (const r of results) expect(new Set(r.items.map((i) => i.enrolmentId)).size).toBe(r.items.length);
  });
});

describe('rescoring', () => {
  it('moves a queued lead up when its score rises, without admitting past the limit', async () => {
    const queue = async () => (await internal<{ items: Array<{ position: number; leadId: string; score: number }> }>('nurture', `/internal/campaigns/${RACE}/nurture/queue`)).body.items;
    const before = await queue();
    const last = before[before.length - 1]!;
    await db.query(`UPDATE scoring.lead_scores SET score = 100 WHERE campaign_id = $1 AND lead_id = $2`, [RACE, last.leadId]);
    const again = await admitAll(RACE, new Date().toISOString(), 'race-rescore');
    expect(again.counts).toMatchObject({ rescored: 1, admitted: 0, admittedToday: 4 });
    const after = await queue();
    expect(after[0]).toMatchObject({ position: 1, leadId: last.leadId, score: 100 });
    expect(after.map((q) => q.leadId).sort()).toEqual(before.map((q) => q.leadId).sort());
  });
});

describe('step plans and progress', () => {
  let enrolmentId: string;

  beforeAll(async () => {
    const row = await db.query(`SELECT id FROM nurture.enrolments WHERE campaign_id = $1 AND status = 'admitted' ORDER BY score DESC LIMIT 1`, [CAMPAIGN]);
    enrolmentId = row.rows[0].id;
  });

  it('plans a step from the pinned sequence and the lead\'s calendar, and is done after the last', async () => {
    const plan = await planner.plan({ enrolmentId, step: 1, now: new Date().toISOString(), firstSentAt: null });
    expect(plan).toEqual<StepPlan>({
      kind: 'send',
      step: 1,
      totalSteps: 3,
      businessDaysAfterFirst: 3,
      calendar: { timeZone: 'Europe/Berlin', timeZoneSource: 'country', country: 'DE', region: null, window: openEveryDay, blackoutDates: [], jitterSeconds: 600 },
    });
    expect(await planner.plan({ enrolmentId, step: 3, now: new Date().toISOString(), firstSentAt: null })).toEqual({ kind: 'done', totalSteps: 3 });
  });

  it('keeps the version the enrolment started on after the sequence changes', async () => {
    const steps = [0, 2].map((businessDays) => ({ businessDays, variants: [{ id: 'a', templateId: 'intro', weight: 1 }] }));
    expect((await internal('nurture', `/internal/campaigns/${CAMPAIGN}/sequences/warm`, { method: 'PUT', json: { name: 'Warm, shorter', steps } })).status).toBe(200);
    expect(await planner.plan({ enrolmentId, step: 2, now: new Date().toISOString(), firstSentAt: null })).toMatchObject({ kind: 'send', totalSteps: 3, businessDaysAfterFirst: 7 });
  });

  it('records progress, ignoring progress older than the row', async () => {
    const at = new Date(Date.now() + 1000).toISOString();
    expect(await progress.record({ enrolmentId, status: 'waiting', currentStep: 1, nextSendAt: '2030-01-07T09:00:00.000Z', holdReason: 'Saturday', lastDecision: 'sent step 1', at })).toBe(true);
    const older = new Date(Date.parse(at) - 60_000).toISOString();
    expect(await progress.record({ enrolmentId, status: 'sending', currentStep: 0, nextSendAt: null, holdReason: null, lastDecision: 'stale', at: older })).toBe(false);
    const row = await db.query(`SELECT status, current_step, next_send_at, hold_reason, last_decision, started_at FROM nurture.enrolments WHERE id = $1`, [enrolmentId]);
    expect(row.rows[0]).toMatchObject({ status: 'waiting', current_step: 1, hold_reason: 'Saturday', last_decision: 'sent step 1' });
    expect(row.rows[0].next_send_at.toISOString()).toBe('2030-01-07T09:00:00.000Z');
    expect(row.rows[0].started_at).not.toBeNull();
  });
});

describe('pause, resume and stop', () => {
  const control = (action: string, reason: string) =>
    internal<{ state: string; changed: boolean; enrolmentsStopped: number; signals: { attempted: number; signalled: number; notRunning: number; failed: unknown[] } }>('nurture', `/internal/campaigns/${RACE}/nurture/${action}`, {
      method: 'POST',
      json: { reason, by: 'it' },
    });
  const state = async () => (await db.query(`SELECT state, state_reason FROM nurture.campaign_settings WHERE campaign_id = $1`, [RACE])).rows[0];

  it('pause writes the state first and tells every open enrolment; a paused campaign admits nobody', async () => {
    const paused = await control('pause', 'legal review');
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ state: 'paused', changed: true, enrolmentsStopped: 0 });
    // The admitted enrolments have no workflow yet: told nobody, lost nobody.
    expect(paused.body.signals).toEqual({ attempted: 4, signalled: 0, notRunning: 4, failed: [] });
    expect(await state()).toEqual({ state: 'paused', state_reason: 'legal review' });
    const tomorrow = new Date(Date.now() + DAY_MS).toISOString();
    const page = await admitAll(RACE, tomorrow, 'while-paused');
    expect(page.items).toEqual([]);
    expect(page.counts).toMatchObject({ admitted: 0 });
    const summary = await internal<NurtureCampaignSummary>('nurture', `/internal/campaigns/${RACE}/nurture/summary`);
    expect(summary.body.state).toBe('paused');
  });

  it('resume makes the campaign active again and keeps every enrolment', async () => {
    const resumed = await control('resume', 'cleared');
    expect(resumed.body).toMatchObject({ state: 'active', changed: true });
    expect(await state()).toEqual({ state: 'active', state_reason: 'cleared' });
    const rows = await db.query(`SELECT status, count(*)::int AS n FROM nurture.enrolments WHERE campaign_id = $1 GROUP BY status ORDER BY status`, [RACE]);
    expect(rows.rows).toEqual([
      { status: 'admitted', n: 4 },
      { status: 'queued', n: 3 },
    ]);
  });

  it('stop ends every enrolment with its reason, and a stopped campaign cannot be paused or resumed', async () => {
    const stopped = await control('stop', 'campaign cancelled');
    expect(stopped.body).toMatchObject({ state: 'stopped', changed: true, enrolmentsStopped: 7 });
    expect(stopped.body.signals).toMatchObject({ attempted: 4, failed: [] });
    const rows = await db.query(`SELECT DISTINCT status, last_decision, ended_at IS NOT NULL AS ended FROM nurture.enrolments WHERE campaign_id = $1`, [RACE]);
    expect(rows.rows).toEqual([{ status: 'stopped', last_decision: 'campaign stopped: campaign cancelled', ended: true }]);
    const refused = await control('resume', 'oops');
    expect(refused.status).toBe(409);
    const again = await control('stop', 'again');
    expect(again.body).toMatchObject({ state: 'stopped', changed: false, enrolmentsStopped: 0 });
    const enrolment = (await db.query(`SELECT id FROM nurture.enrolments WHERE campaign_id = $1 LIMIT 1`, [RACE])).rows[0].id;
    expect(await planner.plan({ enrolmentId: enrolment, step: 0, now: new Date().toISOString(), firstSentAt: null })).toMatchObject({ kind: 'stop', status: 'stopped' });
    expect((await admitAll(RACE, new Date().toISOString(), 'after-stop')).items).toEqual([]);
  });

  it('refuses an unknown action and a missing reason, naming the field', async () => {
    expect((await internal('nurture', `/internal/campaigns/${RACE}/nurture/restart`, { method: 'POST', json: { reason: 'x' } })).status).toBe(400);
    const missing = await internal<{ details: Array<{ field: string; message: string }> }>('nurture', `/internal/campaigns/${RACE}/nurture/pause`, { method: 'POST', json: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.details).toEqual([{ field: 'reason', message: 'reason is required' }]);
  });
});
