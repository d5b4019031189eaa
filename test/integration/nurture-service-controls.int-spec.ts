import { Client, Connection } from '@temporalio/client';
import type pg from 'pg';
import type { DataSource } from 'typeorm';
import { leadNurtureWorkflow, nurtureStatusQuery, nurtureWorkflowId, type LeadNurtureInput, type NurtureStatus } from '#libs/contracts';
import { startWorkflow, workflowHandle } from '#libs/temporal';
import type { EnrolmentAdmission } from '../../services/nurture/src/admission/enrolment-admission.js';
import { eventually, internal, testStack } from '../setup/test-stack.js';
import * as kit from './nurture-service/admission-kit.js';

/**
 * Pause, resume and stop against running enrolment workflows: the nurture service writes the campaign's state,
 * then every open enrolment's `leadNurture` workflow hears the control signal; stop ends them and their rows.
 */
const CAMPAIGN = 'it-nurture-ctl';
const LEADS: kit.LeadSeed[] = [
  { email: 'ann@ctl.example', score: 80, tier: 'hot' },
  { email: 'ben@ctl.example', score: 60, tier: 'warm' },
  { email: 'cat@ctl.example', score: 40, tier: 'cool' },
];

interface ControlAnswer {
  state: string;
  changed: boolean;
  enrolmentsStopped: number;
  signals: { attempted: number; signalled: number; notRunning: number; failed: unknown[] };
}

let db: pg.Client;
let ds: DataSource;
let admission: EnrolmentAdmission;
let client: Client;
let items: LeadNurtureInput[];

const control = (action: string, reason: string) => internal<ControlAnswer>('nurture', `/internal/campaigns/${CAMPAIGN}/nurture/${action}`, { method: 'POST', json: { reason } });
const statuses = async () => (await db.query(`SELECT status FROM nurture.enrolments WHERE campaign_id = $1 ORDER BY lead_id`, [CAMPAIGN])).rows.map((r) => r.status as string);
const queried = (item: LeadNurtureInput) => workflowHandle(client, leadNurtureWorkflow, nurtureWorkflowId(item.campaignId, item.leadId)).query(nurtureStatusQuery);
const allQueried = async (want: (s: NurtureStatus) => boolean) => ((await Promise.all(items.map(queried))).every(want) ? true : undefined);

beforeAll(async () => {
  const s = testStack();
  db = await kit.pgClient();
  ds = await kit.nurtureDataSource('it-controls');
  admission = kit.admissionOf(ds);
  client = new Client({ connection: await Connection.connect({ address: s.temporalAddress }), namespace: s.namespace });
  const ids = await kit.importLeads(CAMPAIGN, LEADS);
  await kit.routeAndScore(db, CAMPAIGN, LEADS, ids);
  const mailbox = { id: 'it-ctl-mb', address: 'sales@ctl-sender.example', displayName: 'Control Sales', dailyCap: 30, hourlyCap: 30, campaigns: [{ campaignId: CAMPAIGN, weight: 1 }] };
  expect((await internal('nurture', '/internal/mailboxes', { method: 'POST', json: mailbox })).status).toBe(201);
  // Nothing may go out during the spec: the next two weeks are blackout dates, so every first step waits on its timer.
  const blackouts = Array.from({ length: 14 }, (_, i) => new Date(Date.now() + i * 86_400_000).toISOString().slice(0, 10));
  await kit.defineNurture(CAMPAIGN, { window: kit.OPEN_EVERY_DAY, blackoutDates: blackouts });
  items = (await kit.admitAll(admission, CAMPAIGN, new Date().toISOString())).items;
  expect(items).toHaveLength(3);
  // As the pipeline's nurture stage starts them.
  for (const item of items) await startWorkflow(client, leadNurtureWorkflow, { workflowId: nurtureWorkflowId(item.campaignId, item.leadId), args: [item] });
  await eventually(async () => ((await statuses()).every((s) => s === 'waiting') ? true : undefined), 'every enrolment waiting on its first step');
});

afterAll(async () => {
  await client?.connection.close();
  await ds?.destroy();
  await db?.end();
});

describe('campaign controls reach running enrolments', () => {
  it('pause: state first, then every workflow is told and holds', async () => {
    const paused = await control('pause', 'legal review');
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ state: 'paused', changed: true, signals: { attempted: 3, signalled: 3, notRunning: 0, failed: [] } });
    await eventually(() => allQueried((s) => s.status === 'paused' && (s.holdReason ?? '').includes('legal review')), 'every workflow paused');
    await eventually(async () => ((await statuses()).every((s) => s === 'paused') ? true : undefined), 'every row paused');
  });

  it('resume: every workflow continues at its next step', async () => {
    const resumed = await control('resume', 'cleared');
    expect(resumed.body).toMatchObject({ state: 'active', signals: { signalled: 3, failed: [] } });
    await eventually(() => allQueried((s) => s.status === 'waiting' && s.currentStep === 0), 'every workflow waiting again');
  });

  it('stop: every enrolment ends with its reason, workflows included', async () => {
    const stopped = await control('stop', 'campaign cancelled');
    expect(stopped.body).toMatchObject({ state: 'stopped', enrolmentsStopped: 3, signals: { attempted: 3, signalled: 3, failed: [] } });
    for (const item of items) {
      const result = await workflowHandle(client, leadNurtureWorkflow, nurtureWorkflowId(item.campaignId, item.leadId)).result();
      expect(result.status).toBe('stopped');
    }
    expect(await statuses()).toEqual(['stopped', 'stopped', 'stopped']);
    // A stop repeated reaches the (finished) workflows again without failing.
    const again = await control('stop', 'again');
    expect(again.body).toMatchObject({ changed: false, signals: { attempted: 3, signalled: 0, notRunning: 3, failed: [] } });
  });
});
