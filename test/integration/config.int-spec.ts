import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

function boot(entry: string, env: Record<string, string>) {
  const r = spawnSync(process.execPath, [`${root}dist/${entry}`], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, stderr: r.stderr };
}

describe('each process validates its environment at boot', () => {
  it('harvest refuses to start and lists every bad key with the reason', () => {
    const { code, stderr } = boot('services/harvest/src/main.js', {
      DATABASE_URL: 'mysql://nope',
      HARVEST_PORT: '99999',
      HARVEST_WATCH_DROP_DIR: 'maybe',
      PEOPLE_SEARCH_BASE_URL: 'not a url',
    });
    expect(code).toBe(78);
    expect(stderr).toContain('harvest: invalid configuration (4 problems)');
    expect(stderr).toMatch(/DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL \(got "mysql:\/\/nope"\)/);
    expect(stderr).toMatch(/HARVEST_PORT: must be 1-65535/);
    expect(stderr).toMatch(/HARVEST_WATCH_DROP_DIR: must be true or false/);
    expect(stderr).toMatch(/PEOPLE_SEARCH_BASE_URL: must be a URL/);
  });

  it('the API names a missing DATABASE_URL and a bad pipeline time zone and time', () => {
    const { code, stderr } = boot('services/api/src/main.js', { PIPELINE_TIME_ZONE: 'Europe/Atlantis', PIPELINE_HARVEST_AT: '2am' });
    expect(code).toBe(78);
    expect(stderr).toMatch(/DATABASE_URL: .*\(not set\)/);
    expect(stderr).toMatch(/PIPELINE_TIME_ZONE: must be an IANA time zone/);
    expect(stderr).toMatch(/PIPELINE_HARVEST_AT: must be a local time HH:MM/);
  });

  it('the launcher refuses a bad port before starting anything', () => {
    const { code, stderr } = boot('tools/launcher/src/main.js', { POSTGRES_PORT: 'five', AICMO_DATA_DIR: '/tmp/aicmo-never-created' });
    expect(code).toBe(78);
    expect(stderr).toMatch(/POSTGRES_PORT: must be a TCP port number/);
  });
});
