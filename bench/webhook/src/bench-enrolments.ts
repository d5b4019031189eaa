import { holidayName } from '#libs/send-calendar';
import { seedDemoNurture } from '../../../tools/launcher/src/demo-seed.js';

/** What an enrolment's sends carry that its events echo: the address, the message id, nurture's custom_args. */
export interface BenchEnrolment {
  email: string;
  xMessageId: string;
  customArgs: Record<string, string>;
}

async function call<T>(apiUrl: string, apiKey: string, method: string, path: string, init: { json?: unknown; body?: string; type?: string } = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(apiUrl + path, {
    method,
    headers: { 'x-api-key': apiKey, ...(init.json !== undefined ? { 'content-type': 'application/json' } : init.type ? { 'content-type': init.type } : {}) },
    body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * Real enrolments as a person makes them: the demo's templates and sequences, a mailbox that admits every lead
 * today, `leads` leads imported at one company domain, and a pipeline run, so each lead has a leadNurture workflow
 * and its first step in the sandbox. Answers each lead's first send.
 */
export async function enrolBenchLeads(o: { apiUrl: string; apiKey: string; sandboxUrl: string; campaign: string; leads: number }): Promise<BenchEnrolment[]> {
  const { apiUrl, apiKey, campaign } = o;
  const domain = 'bench-webhook.example';
  const created = await call(apiUrl, apiKey, 'POST', '/campaigns', { json: { id: campaign, name: 'bench:webhook', timeZone: 'UTC' } });
  if (created.status !== 201) throw new Error(`creating the campaign answered ${created.status}`);
  await call(apiUrl, apiKey, 'PUT', `/campaigns/${campaign}/sources`, { json: { sources: [{ source: 'drop-folder', enabled: true }] } });
  // Five steps: a daily cap of five sends per lead admits every lead today.
  const cap = o.leads * 5;
  await seedDemoNurture(apiUrl, apiKey, 'UTC', {
    campaignId: campaign,
    mailbox: { id: 'bench-webhook', address: 'sender@bench-webhook.example', dailyCap: cap, hourlyCap: cap, minSpacingSeconds: 0, warmup: null },
    settings: { jitterSeconds: 0, postalAddress: 'Bench Ltd, 1 Bench Road, Benchville 00001' },
  });
  // The leads' country must have no public holiday today or tomorrow, or their first step would rightly wait.
  const today = new Date().toISOString().slice(0, 10);
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const country = ['US', 'GB', 'DE', 'CA', 'AU', 'IE', 'NL', 'SE'].find((c) => !holidayName(c, null, today) && !holidayName(c, null, tomorrow)) ?? 'US';
  const csv = [
    'Email,First Name,Last Name,Title,Company,Company Domain,Industry,Employees,Country,Time Zone,Technologies,Notes',
    ...Array.from({ length: o.leads }, (_, i) => `lead${i}@${domain},Lee${i},Bench,VP Sales,Acme ${i},${domain},Software,${200 + i},${country},UTC,Salesforce;HubSpot,asked for pricing and a demo`),
  ].join('\n');
  const upload = await call<{ id: string }>(apiUrl, apiKey, 'POST', `/campaigns/${campaign}/imports?fileName=bench.csv`, { body: csv, type: 'text/csv' });
  if (upload.status !== 202) throw new Error(`the import answered ${upload.status}`);
  await until(async () => ((await call<{ status: string }>(apiUrl, apiKey, 'GET', `/imports/${upload.body.id}`)).body.status === 'completed' ? true : undefined), 'the import', 120_000);
  const run = await call(apiUrl, apiKey, 'POST', '/pipeline/runs', { json: { campaignId: campaign } });
  if (run.status !== 202) throw new Error(`the pipeline run answered ${run.status}`);
  let seen = -1;
  let stableSince = Date.now();
  // Every lead's first step, or whatever arrived once nothing new came for 20 s (a held lead sends nothing today).
  return until(
    async () => {
      const res = await fetch(`${o.sandboxUrl}/api/messages?limit=10000`);
      const body = (await res.json()) as { messages: Array<{ xMessageId: string; to: Array<{ email: string }>; customArgs: Record<string, string> }> };
      const mine = body.messages.filter((m) => m.customArgs.campaign_id === campaign);
      if (mine.length !== seen) [seen, stableSince] = [mine.length, Date.now()];
      if (mine.length < o.leads && (mine.length === 0 || Date.now() - stableSince < 20_000)) return undefined;
      return mine.map((m) => ({ email: m.to[0]!.email.toLowerCase(), xMessageId: m.xMessageId, customArgs: m.customArgs }));
    },
    'the first steps in the sandbox',
    300_000,
  );
}
