import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../tools/launcher/src/ports.js';
import { eventually } from '../setup/test-stack.js';

const launcher = fileURLToPath(new URL('../../dist/tools/launcher/src/main.js', import.meta.url));

interface Started {
  child: ChildProcess;
  output: () => string;
}

function start(env: NodeJS.ProcessEnv): Promise<Started> {
  // Its own process group, so stop() can signal the whole group as a terminal's Ctrl-C does.
  const child = spawn(process.execPath, [launcher], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`launcher did not come up:\n${out}`)), 120_000);
    child.stdout!.on('data', () => {
      if (out.includes('AICMO CAM is running')) {
        clearTimeout(timer);
        resolve({ child, output: () => out });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`launcher exited with ${code}:\n${out}`));
    });
  });
}

/** Ctrl-C: SIGINT to the launcher and every process in its group (services, worker), not to the launcher alone. */
function stop(s: Started): Promise<number | null> {
  return new Promise((resolve) => {
    s.child.once('exit', (code) => resolve(code));
    process.kill(-s.child.pid!, 'SIGINT');
  });
}

/** A line of a JavaScript stack trace, raw or inside a JSON log line. */
const stackFrame = /\bat [^\n]*\(?(?:file:\/\/|node:|\/)[^\s)]+:\d+:\d+\)?/;

/** Processes whose command line mentions the data dir (postgres, temporal) or our ports. */
function survivors(dataDir: string): string[] {
  const ps = spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' }).stdout;
  return ps.split('\n').filter((l) => l.includes(dataDir) && !l.includes('ps -eo'));
}

describe('npm start (the launcher)', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let apiUrl: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'aicmo-launcher-'));
    await chmod(dataDir, 0o755);
    const api = await freePort();
    apiUrl = `http://127.0.0.1:${api}`;
    env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      AICMO_DATA_DIR: dataDir,
      POSTGRES_PORT: String(await freePort()),
      TEMPORAL_PORT: String(await freePort()),
      TEMPORAL_UI_PORT: String(await freePort()),
      SENDGRID_SANDBOX_PORT: String(await freePort()),
      API_PORT: String(api),
      HARVEST_PORT: String(await freePort()),
      SCORING_PORT: String(await freePort()),
      QUALIFICATION_PORT: String(await freePort()),
      ROUTING_PORT: String(await freePort()),
      NURTURE_PORT: String(await freePort()),
      ENGAGEMENT_PORT: String(await freePort()),
      WORKER_HEALTH_PORT: String(await freePort()),
    };
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('seeds the demo, runs it, stops cleanly on Ctrl-C and keeps its data across a restart', async () => {
    const first = await start(env);
    expect(first.output()).toContain('demo campaign "demo" created');
    // The development key: made on the first start, kept private, printed with the URLs.
    const keyFile = join(dataDir, 'dev-api-key');
    const key = (await readFile(keyFile, 'utf8')).trim();
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    expect(first.output()).toContain(`API key (admin)      ${key}   (new;`);
    const withKey = { 'x-api-key': key };
    expect((await fetch(`${apiUrl}/pipeline/runs`)).status).toBe(401);
    const run = await (await fetch(`${apiUrl}/pipeline/runs`, { method: 'POST', headers: { 'content-type': 'application/json', ...withKey }, body: '{}' })).json() as { runId: string };
    const finished = await eventually(async () => {
      const r = (await (await fetch(`${apiUrl}/pipeline/runs/${run.runId}`, { headers: withKey })).json()) as { status: string; stages: Array<{ counts: Record<string, number> }> };
      return r.status === 'completed' ? r : undefined;
    }, 'the demo run', 60_000);
    expect(finished.stages[0].counts).toMatchObject({ created: 192, rejected: 5 });

    expect(await stop(first)).toBe(0);
    expect(first.output()).toContain('all stopped');
    expect(first.output()).not.toMatch(stackFrame);
    expect(survivors(dataDir)).toEqual([]);

    const second = await start(env);
    try {
      expect(second.output()).toContain('daily-pipeline schedule updated');
      expect(second.output()).not.toContain('demo campaign "demo" created');
      expect(second.output()).toContain(`API key (admin)      ${key}   (kept in`);
      const runs = (await (await fetch(`${apiUrl}/pipeline/runs`, { headers: withKey })).json()) as Array<{ runId: string }>;
      expect(runs.map((r) => r.runId)).toContain(run.runId);
      const leads = (await (await fetch(`${apiUrl}/leads?campaignId=demo&limit=500`, { headers: withKey })).json()) as { items: unknown[] };
      expect(leads.items).toHaveLength(192);
    } finally {
      expect(await stop(second)).toBe(0);
    }
    expect(second.output()).not.toMatch(stackFrame);
    expect(survivors(dataDir)).toEqual([]);
  }, 300_000);

  it('names the component and the port when one is taken', async () => {
    const blocker = createServer();
    const port = await freePort();
    await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', () => r()));
    try {
      const r = spawnSync(process.execPath, [launcher], { env: { ...env, POSTGRES_PORT: String(port) }, encoding: 'utf8', timeout: 60_000 });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`postgres: port ${port} on 127.0.0.1 is already in use`);
    } finally {
      blocker.close();
    }
  });
});
