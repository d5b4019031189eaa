import { existsSync } from 'node:fs';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_CADENCE_DAYS, WEEKDAYS, type MailboxDefinition, type NurtureSettings, type SequenceDefinition, type TemplateDefinition } from '#libs/contracts';

export const DEMO_CAMPAIGN = 'demo';

/** First run only: the bundled synthetic sample waits in the demo campaign's drop folder for the first pipeline run. */
export async function stageDemoFile(root: string, dataDir: string, dropDir: string): Promise<boolean> {
  const marker = join(dataDir, 'demo-seeded');
  if (existsSync(marker)) return false;
  await mkdir(join(dropDir, DEMO_CAMPAIGN), { recursive: true });
  await copyFile(join(root, 'tools/launcher/demo/sample-leads.csv'), join(dropDir, DEMO_CAMPAIGN, 'sample-leads.csv'));
  return true;
}

/**
 * Create the demo campaign through the public API (idempotent) with what it sends (seedDemoNurture, on every start),
 * then remember that seeding is done.
 */
export async function createDemoCampaign(
  apiUrl: string,
  apiKey: string,
  dataDir: string,
  timeZone: string,
  warn: (line: string) => void = (line) => console.warn(line),
): Promise<'created' | 'exists'> {
  const existing = await fetch(`${apiUrl}/campaigns/${DEMO_CAMPAIGN}`, { headers: { 'x-api-key': apiKey } });
  let outcome: 'created' | 'exists' = 'exists';
  if (existing.status === 404) {
    const res = await fetch(`${apiUrl}/campaigns`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
      body: JSON.stringify({ id: DEMO_CAMPAIGN, name: 'Demo: synthetic B2B leads', timeZone }),
    });
    if (!res.ok) throw new Error(`creating the demo campaign failed: ${res.status} ${await res.text()}`);
    outcome = 'created';
  }
  // The demo still harvests, scores and routes without it: say what failed and try again on the next start.
  await seedDemoNurture(apiUrl, apiKey, timeZone).catch((err: unknown) =>
    warn(`the demo campaign's sequences, templates and mailbox could not be seeded (${(err as Error).message}); the next start tries again`),
  );
  await writeFile(join(dataDir, 'demo-seeded'), new Date().toISOString() + '\n');
  return outcome;
}

// ---------------------------------------------------------------------------------------------------------------
// Nurture for the demo campaign: templates, the three sequences the demo routing rules name, a sending mailbox and
// settings, created through the public API on every start when missing (what a person changed is left alone).

const fallbacks = { firstName: 'there', company: 'your team', industry: 'your industry' };
const DEMO_TEMPLATES: TemplateDefinition[] = [
  {
    id: 'demo-hot-intro',
    subject: '{{firstName}}, a quick idea for {{company}}',
    html: '<p>Hi {{firstName}},</p><p>I noticed {{company}} is growing fast in {{industry}}. Teams at that stage usually lose good leads between the form and the first call. Would a 15-minute look at how others fixed that be useful this week?</p><p>Best,<br>The AICMO demo team</p>',
    fallbacks,
  },
  {
    id: 'demo-warm-intro',
    subject: 'Lead follow-up at {{company}}',
    html: '<p>Hi {{firstName}},</p><p>Most {{industry}} teams we talk to reply to a new lead within days, not minutes. We help them answer while the lead is still interested.</p><p>Worth a short conversation?</p><p>Best,<br>The AICMO demo team</p>',
    fallbacks,
  },
  {
    id: 'demo-cool-intro',
    subject: 'A short guide for {{industry}} sales teams',
    html: '<p>Hi {{firstName}},</p><p>We put together a two-page guide on following up with inbound leads in {{industry}}. Happy to send it over if it is of interest to {{company}}.</p><p>Best,<br>The AICMO demo team</p>',
    fallbacks,
  },
  {
    id: 'demo-follow-up-a',
    subject: 'Following up',
    html: '<p>Hi {{firstName}},</p><p>Just bringing this back to the top of your inbox. Is this something {{company}} is looking at this quarter?</p>',
    fallbacks,
  },
  {
    id: 'demo-follow-up-b',
    subject: 'Following up',
    html: '<p>Hi {{firstName}},</p><p>One number that may help: teams that answer a new lead within an hour are far more likely to book a meeting. Shall I show you how {{company}} could get there?</p>',
    fallbacks,
  },
  {
    id: 'demo-case-study',
    subject: 'How a {{industry}} team doubled its meetings',
    html: '<p>Hi {{firstName}},</p><p>A short story from a team much like {{company}}: they stopped losing leads over the weekend and doubled their booked meetings in a quarter. Want the details?</p>',
    fallbacks,
  },
  {
    id: 'demo-checking-in',
    subject: 'Checking in',
    html: '<p>Hi {{firstName}},</p><p>If the timing is off, no problem at all. Is there someone else at {{company}} I should talk to?</p>',
    fallbacks,
  },
  {
    id: 'demo-last-note',
    subject: 'Closing the loop',
    html: '<p>Hi {{firstName}},</p><p>I will not write again about this. If following up with leads becomes a priority at {{company}}, just reply to this email.</p><p>All the best,<br>The AICMO demo team</p>',
    fallbacks,
  },
];

/** Five steps on the default cadence (0, 3, 7, 14, 21 business days); the second is an A/B test. */
function demoSequence(id: string, name: string, intro: string): SequenceDefinition {
  const one = (templateId: string) => [{ id: 'a', templateId, weight: 1 }];
  return {
    id,
    name,
    steps: [
      { businessDays: DEFAULT_CADENCE_DAYS[0], variants: one(intro) },
      {
        businessDays: DEFAULT_CADENCE_DAYS[1],
        variants: [
          { id: 'a', templateId: 'demo-follow-up-a', weight: 1 },
          { id: 'b', templateId: 'demo-follow-up-b', weight: 1 },
        ],
      },
      { businessDays: DEFAULT_CADENCE_DAYS[2], variants: one('demo-case-study') },
      { businessDays: DEFAULT_CADENCE_DAYS[3], variants: one('demo-checking-in') },
      { businessDays: DEFAULT_CADENCE_DAYS[4], variants: one('demo-last-note') },
    ],
  };
}

// The sequence ids the demo routing rules name per tier (libs/lead-routing demo-routing-rules.ts).
const DEMO_SEQUENCES: SequenceDefinition[] = [
  demoSequence('demo-hot-personal', 'Hot leads: personal note', 'demo-hot-intro'),
  demoSequence('demo-warm', 'Warm leads', 'demo-warm-intro'),
  demoSequence('demo-cool-slow', 'Cool leads: a guide first', 'demo-cool-intro'),
];

export const DEMO_MAILBOX_ID = 'demo-sales';
/** A new mailbox ramps up: 50 sends a day at first, 25 more each day, up to 200; so the demo starts 10 leads today. */
function demoMailbox(today: string, campaignId: string): MailboxDefinition {
  return {
    id: DEMO_MAILBOX_ID,
    address: 'sales@demo-sender.example',
    displayName: 'AICMO demo sales',
    ownerId: null,
    dailyCap: 200,
    hourlyCap: 40,
    minSpacingSeconds: 15,
    warmup: { startedOn: today, startCap: 50, dailyIncrease: 25 },
    active: true,
    campaigns: [{ campaignId, weight: 1 }],
  };
}

const ALL_DAY = { start: '00:00', end: '24:00' };
/**
 * Open every day, all day, in each lead's own zone, so "run now" sends first steps whenever a newcomer tries it.
 * Public holidays of each lead's country and the blackout dates still hold sends back.
 */
function demoSettings(timeZone: string): Omit<NurtureSettings, 'campaignId'> {
  return {
    timeZone,
    window: Object.fromEntries(WEEKDAYS.map((day) => [day, ALL_DAY])),
    blackoutDates: [],
    jitterSeconds: 60,
    dailyNewLeadLimit: null,
    postalAddress: 'AICMO Demo Ltd, 1 Example Street, Springfield 12345, Exampleland',
    unsubscribeMailto: null,
  };
}

/**
 * Creates what is missing: templates, then the sequences that use them, the mailbox, and the settings on the first
 * seed (a settings row without a postal address has never been seeded: campaign creation writes only the zone and
 * the default weekday window). Returns the names of what it created. Tests seed their own campaign with it.
 */
export async function seedDemoNurture(
  apiUrl: string,
  apiKey: string,
  timeZone: string,
  o: { campaignId?: string; mailbox?: Partial<MailboxDefinition>; settings?: Partial<Omit<NurtureSettings, 'campaignId'>>; now?: Date } = {},
): Promise<string[]> {
  const campaignId = o.campaignId ?? DEMO_CAMPAIGN;
  const mailbox = { ...demoMailbox((o.now ?? new Date()).toISOString().slice(0, 10), campaignId), ...o.mailbox };
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(apiUrl + path, {
      method,
      headers: { 'x-api-key': apiKey, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, text, json: () => JSON.parse(text) as Record<string, unknown> };
  };
  const ensure = async (what: string, path: string, createPath: string, body: unknown): Promise<string | null> => {
    const found = await call('GET', path);
    if (found.status === 200) return null;
    if (found.status !== 404) throw new Error(`seeding the demo: reading ${what} answered ${found.status} ${found.text}`);
    const made = await call('POST', createPath, body);
    if (made.status !== 201) throw new Error(`seeding the demo: creating ${what} answered ${made.status} ${made.text}`);
    return what;
  };
  const campaign = `/campaigns/${campaignId}`;
  const created: string[] = [];
  for (const t of DEMO_TEMPLATES) created.push((await ensure(`template ${t.id}`, `${campaign}/templates/${t.id}`, `${campaign}/templates`, t)) ?? '');
  for (const s of DEMO_SEQUENCES) created.push((await ensure(`sequence ${s.id}`, `${campaign}/sequences/${s.id}`, `${campaign}/sequences`, s)) ?? '');
  created.push((await ensure(`mailbox ${mailbox.id}`, `/mailboxes/${mailbox.id}`, '/mailboxes', mailbox)) ?? '');

  const settings = await call('GET', `${campaign}/nurture/settings`);
  if (settings.status !== 200 && settings.status !== 404) throw new Error(`seeding the demo: reading its nurture settings answered ${settings.status} ${settings.text}`);
  if (settings.status === 404 || !settings.json().postalAddress) {
    const put = await call('PUT', `${campaign}/nurture/settings`, { ...demoSettings(timeZone), ...o.settings });
    if (put.status !== 200) throw new Error(`seeding the demo: writing its nurture settings answered ${put.status} ${put.text}`);
    created.push('nurture settings');
  }
  return created.filter(Boolean);
}
