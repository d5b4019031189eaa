import { sign } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type pg from 'pg';
import { leadNurtureWorkflow, nurtureWorkflowId, type LeadNurtureInput } from '#libs/contracts';
import { DEFAULT_SCORING_RULE_SET } from '#libs/lead-scoring';
import { startWorkflow } from '#libs/temporal';
import { api, eventually, internal, serviceUrl, webhookSigningKey } from '../setup/test-stack.js';
import * as kit from './nurture-service/admission-kit.js';

/**
 * What the signaller specs share: real enrolments (leads imported through the API, routed and scored as those
 * stages write it, admitted by nurture's admission, first steps held by blackout dates so nothing is sent), SendGrid
 * events signed as SendGrid signs them, and the signals a workflow's history holds.
 */

export interface Enrolled {
  enrolmentId: string;
  campaignId: string;
  leadId: string;
  email: string;
  workflowId: string;
}

/** `n` leads of a new campaign enrolled by nurture's admission; workflows are started by the caller. */
export async function enrolLeads(db: pg.Client, campaign: string, domain: string, n: number): Promise<{ enrolled: Enrolled[]; inputs: LeadNurtureInput[] }> {
  expect((await api('/campaigns', { method: 'POST', json: { id: campaign, name: `Signaller ${campaign}` } })).status).toBe(201);
  const csv = ['Email,First Name,Last Name,Company,Country', ...Array.from({ length: n }, (_, i) => `lead${i}@${domain},Lee${i},Load,Signal Co,DE`)].join('\n');
  const upload = await api<{ id: string }>(`/campaigns/${campaign}/imports?fileName=${campaign}.csv`, { method: 'POST', body: csv, headers: { 'content-type': 'text/csv' } });
  expect(upload.status).toBe(202);
  await eventually(async () => ((await api<{ status: string }>(`/imports/${upload.body.id}`)).body.status === 'completed' ? true : undefined), 'the import', 120_000);
  const ids = new Map<string, string>();
  let cursor: string | null = null;
  do {
    const page: { status: number; body: { items: Array<{ id: string; email: string }>; nextCursor: string | null } } = await api(`/leads?campaignId=${campaign}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(page.status).toBe(200);
    for (const l of page.body.items) ids.set(l.email, l.id);
    cursor = page.body.nextCursor;
  } while (cursor);
  expect(ids.size).toBe(n);
  // Scoring takes the leads' opens and clicks: the campaign scores with the starter rule set (version 1).
  const ruleSet = await api<{ version: number }>(`/campaigns/${campaign}/rule-sets/scoring`, { method: 'POST', json: DEFAULT_SCORING_RULE_SET });
  expect(ruleSet.status).toBe(201);
  expect((await api(`/campaigns/${campaign}/rule-sets/scoring/${ruleSet.body.version}/activate`, { method: 'POST' })).status).toBe(200);
  const seeds: kit.LeadSeed[] = [...ids.keys()].map((email) => ({ email, score: 70, tier: 'warm' }));
  await kit.routeAndScore(db, campaign, seeds, ids);
  if (ruleSet.body.version !== 1) await db.query(`UPDATE scoring.lead_scores SET rule_set_version = $2 WHERE campaign_id = $1`, [campaign, ruleSet.body.version]);
  const mailbox = { id: `${campaign}-mb`, address: `sales@${campaign}-sender.example`, displayName: 'Signaller Sales', dailyCap: 10_000, hourlyCap: 10_000, campaigns: [{ campaignId: campaign, weight: 1 }] };
  expect((await internal('nurture', '/internal/mailboxes', { method: 'POST', json: mailbox })).status).toBe(201);
  // Nothing is sent while the specs run: the next two weeks are blackout dates, so each first step waits on its timer.
  const blackouts = Array.from({ length: 14 }, (_, i) => new Date(Date.now() + i * 86_400_000).toISOString().slice(0, 10));
  await kit.defineNurture(campaign, { window: kit.OPEN_EVERY_DAY, blackoutDates: blackouts, dailyNewLeadLimit: n });
  const ds = await kit.nurtureDataSource(`it-signaller-${campaign}`);
  try {
    const { items } = await kit.admitAll(kit.admissionOf(ds), campaign, new Date().toISOString(), `it-${campaign}`);
    expect(items).toHaveLength(n);
    const byLead = new Map([...ids].map(([email, id]) => [id, email]));
    return {
      inputs: items,
      enrolled: items.map((i) => ({ enrolmentId: i.enrolmentId, campaignId: i.campaignId, leadId: i.leadId, email: byLead.get(i.leadId)!, workflowId: nurtureWorkflowId(i.campaignId, i.leadId) })),
    };
  } finally {
    await ds.destroy();
  }
}

/** Starts each enrolment's leadNurture workflow as the pipeline's nurture stage does (a few at a time). */
export async function startEnrolments(client: Client, inputs: readonly LeadNurtureInput[]): Promise<void> {
  for (let i = 0; i < inputs.length; i += 20) {
    await Promise.all(inputs.slice(i, i + 20).map((item) => startWorkflow(client, leadNurtureWorkflow, { workflowId: nurtureWorkflowId(item.campaignId, item.leadId), args: [item] })));
  }
}

export type SgEvent = Record<string, unknown> & { event: string; sg_event_id: string; email: string; timestamp: number };

/** One SendGrid event for an enrolment's step, with the custom_args nurture puts on its sends. */
export function sgEvent(e: Enrolled | { email: string; enrolmentId?: string; campaignId?: string }, o: { kind: string; step: number; at: number; id: string; message: string; extra?: Record<string, unknown> }): SgEvent {
  return {
    email: e.email,
    timestamp: o.at,
    event: o.kind,
    sg_event_id: o.id,
    sg_message_id: o.message,
    ...('enrolmentId' in e && e.enrolmentId ? { enrolment_id: e.enrolmentId, ledger_key: `${e.enrolmentId}/${o.step}` } : {}),
    ...('campaignId' in e && e.campaignId ? { campaign_id: e.campaignId } : {}),
    step: o.step,
    ...o.extra,
  };
}

/** A post to the Event Webhook signed as SendGrid signs it: ECDSA P-256 / SHA-256 over timestamp + body, base64 DER. */
export async function postEvents(events: readonly SgEvent[], url = serviceUrl('engagement')): Promise<{ status: number; body: { accepted?: number; duplicates?: number } }> {
  const body = JSON.stringify(events);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = sign('sha256', Buffer.from(timestamp + body), webhookSigningKey()).toString('base64');
  const res = await fetch(`${url}/webhooks/sendgrid/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-twilio-email-event-webhook-signature': signature, 'x-twilio-email-event-webhook-timestamp': timestamp },
    body,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {} };
}

export interface RecordedSignal {
  name: string;
  eventId: string | null;
  machine: boolean | null;
}

/**
 * Every engagement signal the workflow's history holds, across its continued-as-new runs (oldest first): what
 * Temporal recorded, whatever the workflow then did with it (it dedupes on eventId, so a second signal of the same
 * row would show here but not in its counts).
 */
export async function recordedSignals(client: Client, workflowId: string): Promise<RecordedSignal[]> {
  const runs: RecordedSignal[][] = [];
  let runId: string | undefined;
  for (let guard = 0; guard < 50; guard++) {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const events = history.events ?? [];
    const signals: RecordedSignal[] = [];
    for (const e of events) {
      const a = e.workflowExecutionSignaledEventAttributes;
      if (!a || a.signalName === 'control') continue;
      const data = a.input?.payloads?.[0]?.data;
      const payload = data ? (JSON.parse(Buffer.from(data).toString('utf8')) as { eventId?: string; machine?: boolean }) : {};
      signals.push({ name: a.signalName ?? '', eventId: payload.eventId ?? null, machine: payload.machine ?? null });
    }
    runs.unshift(signals);
    const previous = events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
    if (!previous) break;
    runId = previous;
  }
  return runs.flat();
}

export function shuffle<T>(items: T[], seed: number): T[] {
  let s = seed >>> 0;
  const next = () => ((s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32);
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** The inbox rows of a spec, by the address domain its events use. */
export async function inboxRowsOf(db: pg.Client, domain: string): Promise<Array<{ id: string; kind: string; sg_event_id: string; state: string; parked_reason: string | null; machine: boolean; effects: Record<string, unknown>; enrolment_id: string | null; attempts: number; last_error: string | null; payload: Record<string, unknown> }>> {
  return (await db.query(`SELECT i.id::text AS id, kind, sg_event_id, state, parked_reason, machine, effects, enrolment_id, attempts, last_error, payload FROM engagement.inbox i WHERE email LIKE $1 ORDER BY i.id`, [`%@${domain}`])).rows;
}
