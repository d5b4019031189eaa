import { Client, Connection } from '@temporalio/client';
import { dailyPipelineWorkflow } from '#libs/contracts';
import { DEFAULT_SCORING_RULE_SET } from '#libs/lead-scoring';
import { workflowHandle } from '#libs/temporal';
import { api, eventually, internal, testStack } from '../setup/test-stack.js';
import type { EngagementAnswer } from '../../services/scoring/src/scores/engagement-rescorer.js';

// Engagement feeds the score at once: scoring's engagement route rescores a scored lead on the spot (real scoring,
// harvest and Postgres), records why its tier moved, and the next daily run routes it on the new tier.
const campaign = 'it-scoring-engagement';
const csv = [
  'Email,First Name,Last Name,Title,Company,Company Domain,Industry,Employees,Country,Technologies,Notes',
  // Cold on fit alone (33): no sequence for cold, so routing says "not enrolled" until the tier moves.
  'rita@tern-retail.example,Rita,Moss,Office Manager,Tern,tern-retail.example,Software,50,BR,,',
  // Warm (68): only machines open its mail.
  'otto@fjell-cloud.example,Otto,Lind,Head of Marketing,Fjell Cloud,fjell-cloud.example,Software,1800,DE,Marketo,',
].join('\n');

interface RunView {
  status: string;
  stages: Array<{ stage: string; status: string; counts: Record<string, number> }>;
}
interface ScoreView {
  score: number;
  tier: string;
  engagement: number;
  runId: string | null;
  reproduced: boolean;
  contributions: Array<{ ruleId: string; points: number; reason: string }>;
  tierHistory: Array<{ from: string | null; to: string; reason: string; ruleSetVersion: number }>;
}

let client: Client;
const leadIds = new Map<string, string>();

async function runNow(campaignId = campaign): Promise<RunView> {
  const started = await api<{ workflowId: string; runId: string }>('/pipeline/runs', { method: 'POST', json: { campaignId } });
  expect(started.status).toBe(202);
  await workflowHandle(client, dailyPipelineWorkflow, started.body.workflowId).result();
  return (await api<RunView>(`/pipeline/runs/${started.body.runId}`)).body;
}

const scoreOf = async (email: string, campaignId = campaign) => {
  const res = await api<ScoreView>(`/leads/${leadIds.get(email)}/score?campaignId=${campaignId}`);
  expect(res.status).toBe(200);
  return res.body;
};
const routeOf = async (email: string) => (await api<{ outcome: string; tier: string }>(`/leads/${leadIds.get(email)}/route?campaignId=${campaign}`)).body;

let sequence = 0;
async function engage(email: string, kind: 'open' | 'click' | 'reply', o: { eventId?: string; machine?: boolean; campaignId?: string } = {}): Promise<EngagementAnswer> {
  const eventId = o.eventId ?? `it-eng-${kind}-${++sequence}`;
  const res = await internal<EngagementAnswer>('scoring', '/internal/engagement-events', {
    method: 'POST',
    json: { eventId, campaignId: o.campaignId ?? campaign, leadId: leadIds.get(email), kind, at: new Date().toISOString(), machine: o.machine ?? false },
  });
  expect(res.status).toBe(200);
  return res.body;
}

/** A campaign fed from one CSV through the API, its leads' ids noted by email. */
async function campaignWith(id: string, rows: string): Promise<void> {
  expect((await api('/campaigns', { method: 'POST', json: { id, name: id } })).status).toBe(201);
  expect((await api(`/campaigns/${id}/sources`, { method: 'PUT', json: { sources: [{ source: 'drop-folder', enabled: true }] } })).status).toBe(200);
  const upload = await api<{ id: string }>(`/campaigns/${id}/imports?fileName=engagement.csv`, { method: 'POST', body: rows, headers: { 'content-type': 'text/csv' } });
  expect(upload.status).toBe(202);
  await eventually(async () => ((await api<{ status: string }>(`/imports/${upload.body.id}`)).body.status === 'completed' ? true : undefined), 'the import');
  const leads = await api<{ items: Array<{ id: string; email: string }> }>(`/leads?campaignId=${id}&limit=50`);
  for (const l of leads.body.items) leadIds.set(l.email, l.id);
}

beforeAll(async () => {
  const stack = testStack();
  client = new Client({ connection: await Connection.connect({ address: stack.temporalAddress }), namespace: stack.namespace });
  await campaignWith(campaign, csv);
  expect(leadIds.size).toBe(2);
  const first = await runNow();
  expect(first.status).toBe('completed');
});

afterAll(() => client?.connection.close());

describe('engagement feeds the score at once', () => {
  it('stores an event for a lead not scored in that campaign, and rescores nothing', async () => {
    const answer = await engage('rita@tern-retail.example', 'click', { campaignId: 'it-scoring-engagement-unscored' });
    expect(answer).toMatchObject({ recorded: true, duplicate: false, rescored: false });
    expect(answer.reason).toMatch(/no score in this campaign yet/);
    expect(answer.score).toBeUndefined();
  });

  it('raises a scored lead’s score and tier on clicks and a reply, and records why the tier moved', async () => {
    const before = await scoreOf('rita@tern-retail.example');
    expect([before.score, before.tier, before.engagement]).toEqual([33, 'cold', 0]);
    expect(await routeOf('rita@tern-retail.example')).toMatchObject({ outcome: 'not-enrolled', tier: 'cold' });

    const click = await engage('rita@tern-retail.example', 'click');
    expect(click).toMatchObject({ recorded: true, rescored: true, score: 37, tier: 'cool', previous: { score: 33, tier: 'cold' } });
    expect(click.tierChange).toEqual({ from: 'cold', to: 'cool', reason: 'engagement rose: +4 (click +4); score 33 → 37' });
    const second = await engage('rita@tern-retail.example', 'click');
    expect(second).toMatchObject({ rescored: true, score: 41, tier: 'cool', tierChange: null });
    const reply = await engage('rita@tern-retail.example', 'reply', { eventId: 'it-eng-reply-rita' });
    expect(reply).toMatchObject({ rescored: true, score: 56, tier: 'warm', previous: { score: 41, tier: 'cool' } });
    expect(reply.tierChange).toEqual({ from: 'cool', to: 'warm', reason: 'engagement rose: +15 (reply +15); score 41 → 56' });

    // The API's score view reads the stored row: the new score, its engagement contributions, both tier changes.
    const after = await scoreOf('rita@tern-retail.example');
    expect(after).toMatchObject({ score: 56, tier: 'warm', engagement: 23, runId: 'engagement:it-eng-reply-rita', reproduced: true });
    expect(after.contributions.filter((c) => c.ruleId.startsWith('engagement.')).map((c) => [c.ruleId, c.points])).toEqual([
      ['engagement.click', 8],
      ['engagement.reply', 15],
    ]);
    expect(after.tierHistory.map((t) => [t.from, t.to, t.reason])).toEqual([
      ['cold', 'cool', 'engagement rose: +4 (click +4); score 33 → 37'],
      ['cool', 'warm', 'engagement rose: +15 (reply +15); score 41 → 56'],
    ]);
  });

  it('gives a re-delivered event id no second effect', async () => {
    const before = await scoreOf('rita@tern-retail.example');
    const again = await engage('rita@tern-retail.example', 'reply', { eventId: 'it-eng-reply-rita' });
    expect(again).toEqual({ recorded: false, duplicate: true, rescored: false });
    // The same id again even as another kind: still the one event.
    expect(await engage('rita@tern-retail.example', 'click', { eventId: 'it-eng-reply-rita' })).toMatchObject({ duplicate: true, rescored: false });
    const after = await scoreOf('rita@tern-retail.example');
    expect([after.score, after.tier, after.runId, after.tierHistory.length]).toEqual([before.score, before.tier, before.runId, before.tierHistory.length]);
  });

  it('keeps machine opens and clicks without moving the score', async () => {
    const before = await scoreOf('otto@fjell-cloud.example');
    expect(before.tier).toBe('warm');
    for (const kind of ['open', 'open', 'click'] as const) {
      const answer = await engage('otto@fjell-cloud.example', kind, { machine: true });
      expect(answer).toMatchObject({ recorded: true, duplicate: false, rescored: false, score: before.score, tier: 'warm' });
    }
    const after = await scoreOf('otto@fjell-cloud.example');
    expect([after.score, after.tier, after.engagement, after.runId, after.tierHistory]).toEqual([before.score, before.tier, 0, before.runId, before.tierHistory]);
  });

  it('decays an event from when it happened: a click two weeks old (the half-life) counts half', async () => {
    const before = await scoreOf('otto@fjell-cloud.example');
    const res = await internal<EngagementAnswer>('scoring', '/internal/engagement-events', {
      method: 'POST',
      json: { eventId: 'it-eng-old-click', campaignId: campaign, leadId: leadIds.get('otto@fjell-cloud.example'), kind: 'click', at: new Date(Date.now() - 14 * 86_400_000).toISOString() },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rescored: true, score: before.score + 2, tier: 'warm', tierChange: null });
    const after = await scoreOf('otto@fjell-cloud.example');
    expect(after.engagement).toBeCloseTo(2, 1);
    expect(after.contributions.find((c) => c.ruleId === 'engagement.click')?.reason).toMatch(/decay/);
  });

  it('rescores events for one lead that arrive together one after the other, counting each once', async () => {
    const before = await scoreOf('otto@fjell-cloud.example');
    const answers = await Promise.all([1, 2, 3, 4].map(() => engage('otto@fjell-cloud.example', 'click')));
    // Each rescore saw every click stored before it: +4, +8, +12, +16 in some order, never the same one twice.
    expect(answers.map((a) => a.score! - before.score).sort((a, b) => a - b)).toEqual([4, 8, 12, 16]);
    const after = await scoreOf('otto@fjell-cloud.example');
    expect([after.score, after.tier]).toEqual([before.score + 16, 'hot']);
    // One move to hot, from warm, whichever click made it.
    const moves = after.tierHistory.slice(before.tierHistory.length);
    expect(moves.map((t) => [t.from, t.to])).toEqual([['warm', 'hot']]);
    expect(moves[0].reason).toMatch(/^engagement rose: \+4 \(click \+4\); score \d+ → \d+$/);
  });

  it('refuses an event it cannot read, naming the field', async () => {
    const res = await internal<{ code: string; details: Array<{ field: string }> }>('scoring', '/internal/engagement-events', {
      method: 'POST',
      json: { eventId: 'it-eng-bad', campaignId: campaign, leadId: leadIds.get('rita@tern-retail.example'), kind: 'bounce', at: 'yesterday' },
    });
    expect(res.status).toBe(400);
    expect(res.body.details.map((d) => d.field).sort()).toEqual(['at', 'kind']);
  });

  it('routes the lead on its new tier at the next daily run, which keeps the engagement the event brought', async () => {
    const next = await runNow();
    expect(next.status).toBe('completed');
    const scored = await scoreOf('rita@tern-retail.example');
    // Seconds of decay do not move a whole point: the run keeps the tier the event gave.
    expect([scored.score, scored.tier]).toEqual([56, 'warm']);
    const route = await routeOf('rita@tern-retail.example');
    expect(route.tier).toBe('warm');
    expect(route.outcome).not.toBe('not-enrolled');
  });
});

describe('engagement that has aged by the next daily run', () => {
  const decaying = 'it-scoring-decay';
  const rosa = 'rosa@tern-decay.example';

  beforeAll(async () => {
    await campaignWith(decaying, [csv.split('\n')[0], `${rosa},Rosa,Vidal,Office Manager,Tern,tern-decay.example,Software,50,BR,,`].join('\n'));
    // The starter rule set, except that engagement counts for 20 seconds only: a real run seconds later sees it aged out.
    const ruleSet = structuredClone(DEFAULT_SCORING_RULE_SET) as unknown as { engagement: { decay: unknown } };
    ruleSet.engagement.decay = { kind: 'steps', steps: [{ afterDays: 20 / 86_400, keep: 0 }] };
    const saved = await api<{ version: number }>(`/campaigns/${decaying}/rule-sets/scoring`, { method: 'POST', json: ruleSet });
    expect(saved.status).toBe(201);
    expect((await api(`/campaigns/${decaying}/rule-sets/scoring/${saved.body.version}/activate`, { method: 'POST' })).status).toBe(200);
    expect((await runNow(decaying)).status).toBe('completed');
  });

  it('lowers the score at the next run and records the fall as engagement decayed', async () => {
    expect((await scoreOf(rosa, decaying)).tier).toBe('cold');
    const reply = await engage(rosa, 'reply', { campaignId: decaying });
    expect(reply).toMatchObject({ rescored: true, score: 48, tier: 'cool', tierChange: { from: 'cold', to: 'cool', reason: 'engagement rose: +15 (reply +15); score 33 → 48' } });
    await new Promise((r) => setTimeout(r, 21_000));
    const next = await runNow(decaying);
    expect(next.stages.find((s) => s.stage === 'score')!.counts).toMatchObject({ changed: 1, tierChanges: 1 });
    const after = await scoreOf(rosa, decaying);
    expect([after.score, after.tier, after.engagement]).toEqual([33, 'cold', 0]);
    expect(after.tierHistory.map((t) => [t.from, t.to, t.reason])).toEqual([
      ['cold', 'cool', 'engagement rose: +15 (reply +15); score 33 → 48'],
      ['cool', 'cold', 'engagement decayed: -15 (reply -15); score 48 → 33'],
    ]);
  }, 90_000);
});

describe('a colleague’s reply at the next daily run', () => {
  const guarded = 'it-colleague-guardrail';
  const nils = 'nils@brook-labs.example';

  it('holds a lead imported without a company domain for review when a colleague at its address domain replied', async () => {
    // No Company Domain column: the account is the address's domain, the key engagement records a reply under.
    await campaignWith(guarded, ['Email,First Name,Last Name,Title,Company,Industry,Employees,Country,Technologies', `${nils},Nils,Berg,Head of Marketing,Brook Labs,Software,1800,DE,Marketo`].join('\n'));
    const colleague = leadIds.get('rita@tern-retail.example')!;
    const recorded = await internal<{ recorded: boolean }>('routing', '/internal/account-replies', { method: 'POST', json: { companyDomain: 'brook-labs.example', leadId: colleague, repliedAt: new Date().toISOString() } });
    expect([recorded.status, recorded.body.recorded]).toEqual([200, true]);
    expect((await runNow(guarded)).status).toBe('completed');
    const route = (await api<{ outcome: string; tier: string; reasons: Array<{ code: string; message: string }> }>(`/leads/${leadIds.get(nils)}/route?campaignId=${guarded}`)).body;
    expect(route.tier).toBe('warm');
    expect(route.outcome).toBe('review');
    expect(route.reasons.map((r) => r.code)).toContain('colleague-replied');
  });
});
