import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { api, eventually, serviceUrl, testStack } from '../setup/test-stack.js';

// The launcher keeps <dataDir>/run/<name>.pid current for each service process it runs.
const pidOf = async (service: string) => Number(await readFile(join(testStack().dataDir, 'run', `${service}.pid`), 'utf8'));
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const healthy = async (url: string) => (await fetch(new URL('/health', url)).catch(() => undefined))?.status === 200;

describe('a crashed stage service', () => {
  it('is restarted by the launcher while the other services keep serving', async () => {
    const others = ['api', 'harvest', 'qualification', 'routing'] as const;
    const before = Object.fromEntries(await Promise.all(others.map(async (s) => [s, await pidOf(s)] as const)));
    const crashed = await pidOf('scoring');

    process.kill(crashed, 'SIGKILL');
    await eventually(async () => (alive(crashed) ? undefined : true), 'the killed scoring process to exit', 10_000);

    // While scoring is down or coming back, the rest answers as before: same processes, healthy, API reads work.
    for (const s of others) expect({ service: s, pid: await pidOf(s), alive: alive(before[s]!) }).toEqual({ service: s, pid: before[s], alive: true });
    expect(await healthy(testStack().apiUrl)).toBe(true);
    expect(await healthy(serviceUrl('harvest'))).toBe(true);
    expect(await healthy(serviceUrl('qualification'))).toBe(true);
    expect((await api('/campaigns')).status).toBe(200);

    const restarted = await eventually(async () => {
      const pid = await pidOf('scoring').catch(() => 0);
      return pid > 0 && pid !== crashed && alive(pid) ? pid : undefined;
    }, 'scoring to be restarted', 60_000);
    await eventually(async () => ((await healthy(serviceUrl('scoring'))) ? true : undefined), 'the restarted scoring service to answer', 60_000);
    expect(restarted).not.toBe(crashed);
    for (const s of others) expect(await pidOf(s)).toBe(before[s]);
  });
});
