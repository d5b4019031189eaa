import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { NurtureStatus } from '#libs/contracts';
import type { NurtureGateway } from '../leads/service-gateway.js';
import { LeadNurtureStatus } from './nurture-status.js';

const leadId = '01a243d7-c155-7000-af67-9c7a7cdd247a';
const running: NurtureStatus = {
  enrolmentId: 'e1',
  campaignId: 'demo',
  leadId,
  sequenceId: 'demo-warm',
  sequenceVersion: 1,
  status: 'waiting',
  currentStep: 1,
  totalSteps: 5,
  nextWakeAt: '2026-12-08T09:00:00.000Z',
  holdReason: 'cadence: 3 business days after the first send',
  lastDecision: null,
  counts: { sent: 1, opens: 0, clicks: 0, replies: 0, deferrals: 0, unknown: 0 },
  steps: [],
};
const queuedRow = { enrolmentId: 'e2', campaignId: 'later', leadId, status: 'queued', currentStep: 0, nextSendAt: null, holdReason: null, queuePosition: 4, sequenceId: 'demo-cool-slow' };

/** A Temporal client whose workflows answer (or fail) the status query as told, and counts the questions. */
function temporal(answers: Record<string, () => Promise<NurtureStatus>>) {
  const asked: string[] = [];
  const client = { workflow: { getHandle: (id: string) => ({ query: () => (asked.push(id), (answers[id] ?? (() => Promise.reject(new WorkflowNotFoundError('not found', id, undefined))))()) }) } };
  return { client: client as unknown as Client, asked };
}
const nurture = (items: unknown[]) => ({ get: async () => ({ leadId, items }) }) as unknown as NurtureGateway;

describe('LeadNurtureStatus', () => {
  it("answers with the workflow's status query when the sequence has started", async () => {
    const t = temporal({ [`nurture/demo/${leadId}`]: async () => running });
    const view = await new LeadNurtureStatus(t.client, nurture([])).inCampaign(leadId, 'demo');
    expect(view).toMatchObject({ source: 'workflow', status: 'waiting', currentStep: 1, holdReason: running.holdReason, queuePosition: null });
  });

  it("falls back to the enrolment record (queued, with its position and why it waits) when there is no workflow", async () => {
    const view = await new LeadNurtureStatus(temporal({}).client, nurture([queuedRow])).inCampaign(leadId, 'later');
    expect(view).toMatchObject({ source: 'enrolment', status: 'queued', queuePosition: 4, holdReason: "waiting for the campaign's daily capacity", counts: null });
  });

  it('refuses with 404 naming the campaign when the lead is not enrolled, and 503 when Temporal does not answer', async () => {
    await expect(new LeadNurtureStatus(temporal({}).client, nurture([])).inCampaign(leadId, 'demo')).rejects.toMatchObject({ status: 404, code: 'lead_not_enrolled', message: `lead ${leadId} is not enrolled in campaign demo` });
    const down = temporal({ [`nurture/demo/${leadId}`]: () => Promise.reject(new Error('connection refused')) });
    await expect(new LeadNurtureStatus(down.client, nurture([])).inCampaign(leadId, 'demo')).rejects.toMatchObject({ status: 503, code: 'temporal_unavailable' });
  });

  it('lists every enrolment, asking Temporal only about those that have a workflow', async () => {
    const t = temporal({ [`nurture/demo/${leadId}`]: async () => running });
    const all = await new LeadNurtureStatus(t.client, nurture([{ ...queuedRow, campaignId: 'demo', status: 'waiting' }, queuedRow])).all(leadId);
    expect(all.items.map((i) => [i.campaignId, i.source, i.status])).toEqual([
      ['demo', 'workflow', 'waiting'],
      ['later', 'enrolment', 'queued'],
    ]);
    expect(t.asked).toEqual([`nurture/demo/${leadId}`]);
  });
});
