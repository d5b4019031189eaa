import pg from 'pg';
import { DataSource } from 'typeorm';
import type { AdmitEnrolmentsPage, LeadNurtureInput } from '#libs/contracts';
import { serviceDataSourceOptions } from '#libs/database';
import { EnrolledRoutesClient, LeadFactsClient, LeadTiersClient } from '#libs/stage-clients';
import { CampaignCapacity } from '../../../services/nurture/src/admission/campaign-capacity.js';
import { EnrolmentAdmission } from '../../../services/nurture/src/admission/enrolment-admission.js';
import { SettingsStore } from '../../../services/nurture/src/definitions/settings-store.js';
import { api, eventually, internal, testStack } from '../../setup/test-stack.js';

/**
 * What the nurture service specs share: leads imported through the API (harvest serves their facts), routes and
 * scores written as routing and scoring write them (their own tables), definitions through the nurture service's
 * internal routes, and the admission activity's class on the same PostgreSQL.
 */

export interface LeadSeed {
  email: string;
  score: number;
  tier: 'hot' | 'warm' | 'cool' | 'cold';
}

export const OPEN_EVERY_DAY = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, { start: '00:00', end: '24:00' }]));

export function pgClient(): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: testStack().databaseUrl });
  return c.connect().then(() => c);
}

export function nurtureDataSource(name: string): Promise<DataSource> {
  return new DataSource(serviceDataSourceOptions({ url: testStack().databaseUrl, schema: 'nurture', entities: [], migrations: [], applicationName: name, poolSize: 8 })).initialize();
}

export function admissionOf(ds: DataSource): EnrolmentAdmission {
  const s = testStack();
  return new EnrolmentAdmission(
    ds,
    new SettingsStore(ds),
    new CampaignCapacity(ds),
    new EnrolledRoutesClient(s.routingUrl, s.internalToken),
    new LeadFactsClient(s.harvestUrl, s.internalToken),
    new LeadTiersClient(s.scoringUrl, s.internalToken),
  );
}

/** Creates the campaign and imports the leads; answers email → lead id. */
export async function importLeads(campaign: string, leads: readonly LeadSeed[], country = 'DE'): Promise<Map<string, string>> {
  expect((await api('/campaigns', { method: 'POST', json: { id: campaign, name: `Nurture ${campaign}` } })).status).toBe(201);
  const csv = ['Email,First Name,Last Name,Company,Country', ...leads.map((l, i) => `${l.email},${l.email.split('@')[0]},Lead${i},Admit Co,${country}`)].join('\n');
  const upload = await api<{ id: string }>(`/campaigns/${campaign}/imports?fileName=${campaign}.csv`, { method: 'POST', body: csv, headers: { 'content-type': 'text/csv' } });
  expect(upload.status).toBe(202);
  await eventually(async () => ((await api<{ status: string }>(`/imports/${upload.body.id}`)).body.status === 'completed' ? true : undefined), 'the import');
  const listed = await api<{ items: Array<{ id: string; email: string }> }>(`/leads?campaignId=${campaign}&limit=100`);
  return new Map(listed.body.items.map((l) => [l.email, l.id]));
}

/** Routing's and scoring's rows for the campaign, as their stages write them. */
export async function routeAndScore(db: pg.Client, campaign: string, leads: readonly LeadSeed[], ids: Map<string, string>): Promise<void> {
  for (const l of leads) {
    const id = ids.get(l.email)!;
    await db.query(
      `INSERT INTO routing.routes (campaign_id, lead_id, tier, sequence_id, owner_id, outcome, rule_set_version, run_id, routed_at)
       VALUES ($1, $2, $3, 'warm', 'owner-1', 'enrol', 1, 'it', now())`,
      [campaign, id, l.tier],
    );
    await db.query(
      `INSERT INTO scoring.lead_scores (campaign_id, lead_id, score, tier, fit, intent, engagement, contributions, inputs, inputs_hash, rule_set_version, scored_at)
       VALUES ($1, $2, $3, $4, 0, 0, 0, '[]', '{}', 'it', 1, now())`,
      [campaign, id, l.score, l.tier],
    );
  }
}

/** A template "intro" and a three-step sequence "warm" (0, 3, 7 business days), then the given settings. */
export async function defineNurture(campaign: string, settings: Record<string, unknown>): Promise<void> {
  const template = { id: 'intro', subject: 'Hello {{firstName}}', html: '<p>Hi {{firstName}}</p>', fallbacks: { firstName: 'there' } };
  expect((await internal('nurture', `/internal/campaigns/${campaign}/templates`, { method: 'POST', json: template })).status).toBe(201);
  const steps = [0, 3, 7].map((businessDays) => ({ businessDays, variants: [{ id: 'a', templateId: 'intro', weight: 1 }] }));
  expect((await internal('nurture', `/internal/campaigns/${campaign}/sequences`, { method: 'POST', json: { id: 'warm', name: 'Warm', steps } })).status).toBe(201);
  expect((await internal('nurture', `/internal/campaigns/${campaign}/nurture-settings`, { method: 'PUT', json: settings })).status).toBe(200);
}

/** Pages admission to the end as the pipeline's nurture stage does; counts summed over the pages. */
export async function admitAll(admission: EnrolmentAdmission, campaign: string, now: string, runId = 'it-run', limit = 100): Promise<{ items: LeadNurtureInput[]; counts: Record<string, number> }> {
  const items: LeadNurtureInput[] = [];
  const counts: Record<string, number> = {};
  let after: string | null = null;
  do {
    const page: AdmitEnrolmentsPage = await admission.admit({ campaignId: campaign, runId, limit, after, now });
    items.push(...page.items);
    for (const [k, v] of Object.entries(page.counts)) counts[k] = (counts[k] ?? 0) + v;
    after = page.next;
  } while (after !== null);
  return { items, counts };
}
