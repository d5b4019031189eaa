import { existsSync } from 'node:fs';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const DEMO_CAMPAIGN = 'demo';

/** First run only: the bundled synthetic sample waits in the demo campaign's drop folder for the first pipeline run. */
export async function stageDemoFile(root: string, dataDir: string, dropDir: string): Promise<boolean> {
  const marker = join(dataDir, 'demo-seeded');
  if (existsSync(marker)) return false;
  await mkdir(join(dropDir, DEMO_CAMPAIGN), { recursive: true });
  await copyFile(join(root, 'tools/launcher/demo/sample-leads.csv'), join(dropDir, DEMO_CAMPAIGN, 'sample-leads.csv'));
  return true;
}

/** Create the demo campaign through the public API (idempotent), then remember that seeding is done. */
export async function createDemoCampaign(apiUrl: string, apiKey: string, dataDir: string, timeZone: string): Promise<'created' | 'exists'> {
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
  await writeFile(join(dataDir, 'demo-seeded'), new Date().toISOString() + '\n');
  return outcome;
}
