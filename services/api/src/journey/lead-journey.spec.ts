import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { LeadSend } from '#libs/contracts';
import { StageCallError, type EngagementReadClient, type NurtureEngagementClient } from '#libs/stage-clients';
import type { ApiConfig } from '../api.config.js';
import type { HarvestGateway } from '../leads/service-gateway.js';
import { LeadJourney, workflowUiUrl } from './lead-journey.js';

const leadId = '01a243d7-c155-7000-af67-9c7a7cdd247a';
const config = { TEMPORAL_UI_URL: 'http://127.0.0.1:8233', TEMPORAL_NAMESPACE: 'default' } as ApiConfig;
const sendRow: LeadSend = { ledgerKey: 'e1:0', enrolmentId: 'e1', campaignId: 'demo', step: 0, variant: 'a', subject: 'Hi', status: 'sent', messageId: null, providerMessageId: null, mailboxAddress: null, at: '2026-12-01T09:00:00.000Z' };
const down = (service: string) => Promise.reject(new StageCallError(service, '/internal/x', null, 'unreachable at http://127.0.0.1:1: connect ECONNREFUSED'));
const unknown = (service: string) => Promise.reject(new StageCallError(service, '/internal/x', 404, 'not found', 'lead_not_found'));

function journey(o: { sends?: () => Promise<LeadSend[]>; events?: () => Promise<never[]>; replies?: () => Promise<never[]>; describe?: () => Promise<{ runId: string }> }) {
  const temporal = { workflow: { getHandle: () => ({ describe: o.describe ?? (() => Promise.reject(new WorkflowNotFoundError('not found', 'x', undefined))) }) } } as unknown as Client;
  const nurture = { leadSends: o.sends ?? (async () => []) } as unknown as NurtureEngagementClient;
  const engagement = { leadEvents: o.events ?? (async () => []), leadReplies: o.replies ?? (async () => []) } as unknown as EngagementReadClient;
  return new LeadJourney(config, temporal, {} as HarvestGateway, nurture, engagement);
}

describe('LeadJourney.timeline', () => {
  it("names the lead's workflow and links its run's history in the Web UI", async () => {
    const t = await journey({ sends: async () => [sendRow], describe: async () => ({ runId: 'run-1' }) }).timeline(leadId, 'demo');
    expect(t.workflowId).toBe(`nurture/demo/${leadId}`);
    expect(t.workflowUrl).toBe(`http://127.0.0.1:8233/namespaces/default/workflows/${encodeURIComponent(`nurture/demo/${leadId}`)}/run-1/history`);
    expect(t.entries.map((e) => e.type)).toEqual(['send']);
  });

  it('has no workflow before the sequence starts', async () => {
    const t = await journey({}).timeline(leadId, 'demo');
    expect(t).toEqual({ workflowId: null, workflowUrl: null, entries: [] });
  });

  it('refuses the whole journey with 503 naming the service that did not answer', async () => {
    await expect(journey({ events: () => down('engagement') }).timeline(leadId, 'demo')).rejects.toMatchObject({ code: 'engagement_unavailable' });
    await expect(journey({ sends: () => down('nurture') }).timeline(leadId, 'demo')).rejects.toMatchObject({ code: 'nurture_unavailable', message: expect.stringContaining('nurture service cannot be reached') });
    await expect(journey({ replies: () => Promise.reject(new StageCallError('engagement', '/x', 500, 'boom')) }).timeline(leadId, 'demo')).rejects.toMatchObject({ code: 'engagement_unavailable' });
  });

  it('takes a service that does not know the lead as having nothing for it', async () => {
    const t = await journey({ sends: () => unknown('nurture'), events: () => unknown('engagement') }).timeline(leadId, 'demo');
    expect(t.entries).toEqual([]);
  });

  it('still names the workflow of a mailed lead while Temporal does not answer, linking the filtered list', async () => {
    const t = await journey({ sends: async () => [sendRow], describe: () => Promise.reject(new Error('14 UNAVAILABLE')) }).timeline(leadId, 'demo');
    expect(t.workflowId).toBe(`nurture/demo/${leadId}`);
    expect(t.workflowUrl).toContain('/namespaces/default/workflows?query=');
  });
});

describe('workflowUiUrl', () => {
  it('is null without a configured Web UI', () => {
    expect(workflowUiUrl({ TEMPORAL_UI_URL: undefined, TEMPORAL_NAMESPACE: 'default' }, 'nurture/a/b', 'r')).toBeNull();
  });

  it('escapes the workflow id (it holds slashes) and trims a trailing slash of the base', () => {
    expect(workflowUiUrl({ TEMPORAL_UI_URL: 'http://ui.example/', TEMPORAL_NAMESPACE: 'prod ns' }, 'nurture/a/b', 'r1')).toBe('http://ui.example/namespaces/prod%20ns/workflows/nurture%2Fa%2Fb/r1/history');
    expect(workflowUiUrl({ TEMPORAL_UI_URL: 'http://ui.example', TEMPORAL_NAMESPACE: 'default' }, 'nurture/a/b', null)).toBe(`http://ui.example/namespaces/default/workflows?query=${encodeURIComponent('WorkflowId="nurture/a/b"')}`);
  });
});
