import { Writable } from 'node:stream';
import { pino } from 'pino';
import { DataSource } from 'typeorm';
import { DEMO_QUALIFICATION_RULE_SET } from '#libs/lead-qualification';
import { RuleSetError, RuleSetStore } from '#libs/rule-set-store';
import { api, testStack } from '../../../../test/setup/test-stack.js';
import { activeQualificationRuleSet, validateStoredQualificationRuleSet } from './qualification-rule-sets.js';

// Against the real qualification schema: a version saved under the older limits keeps working and is listed at
// startup; a refused text names line and column, in the store and through the API.
const db = new DataSource({ type: 'postgres', url: testStack().databaseUrl, extra: { max: 2 } });
beforeAll(() => db.initialize());
afterAll(() => db.destroy());

function capturingLogger(): { log: pino.Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { log: pino({ level: 'warn' }, sink), lines };
}

describe('stored qualification rule sets', () => {
  const campaign = `it-legacy-${Date.now()}`;
  // Accepted before every kind refused prototype keys: a keyword list named "constructor".
  const legacy = { ...DEMO_QUALIFICATION_RULE_SET, version: '1', keywordLists: { ...DEMO_QUALIFICATION_RULE_SET.keywordLists, constructor: ['pricing'] } };

  beforeAll(async () => {
    await db.query(`INSERT INTO qualification.rule_sets (campaign_id, version, body, status, activated_at) VALUES ($1, 1, $2, 'active', now())`, [campaign, JSON.stringify(legacy)]);
  });

  it('lists a version today\'s validator would refuse when the store starts, naming campaign, kind, version and problems', async () => {
    const { log, lines } = capturingLogger();
    const store = new RuleSetStore(db, 'qualification', validateStoredQualificationRuleSet, log);
    await store.onApplicationBootstrap();
    const mine = lines.filter((l) => l.campaignId === campaign);
    expect(mine).toEqual([
      expect.objectContaining({
        level: 40,
        kind: 'qualification',
        version: 1,
        status: 'active',
        problems: ['keywordLists.constructor: key "constructor" is not allowed'],
        msg: expect.stringContaining('keeps working'),
      }),
    ]);
  });

  it('keeps judging with it, and leaves the stored body as it was', async () => {
    const store = new RuleSetStore(db, 'qualification', validateStoredQualificationRuleSet, capturingLogger().log);
    const active = await activeQualificationRuleSet(store, campaign);
    expect(active).toMatchObject({ ok: true, version: 1 });
    const [row] = await db.query(`SELECT body FROM qualification.rule_sets WHERE campaign_id = $1 AND version = 1`, [campaign]);
    expect(row.body).toEqual(legacy);
  });

  it('refuses the same body as a new version, with the line and column of the problem in YAML text', async () => {
    const store = new RuleSetStore(db, 'qualification', validateStoredQualificationRuleSet, capturingLogger().log);
    const yaml = 'rules: []\ndefault: qualified\nkeywordLists:\n  constructor: [pricing]\n';
    const refused = await store.create(campaign, yaml).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(RuleSetError);
    expect((refused as RuleSetError).details).toEqual([{ field: 'keywordLists.constructor', message: 'keywordLists: key "constructor" is not allowed', line: 4, column: 16 }]);
  });
});

describe('rule sets through the API', () => {
  it('answers a refused YAML text with 422 details that carry line and column', async () => {
    const campaign = `it-yaml-${Date.now()}`;
    expect((await api('/campaigns', { method: 'POST', json: { id: campaign, name: 'YAML rule sets' } })).status).toBe(201);
    const yaml = 'version: 1\nsequences: { hot: seq-hot, warm: null, cool: null, cold: null }\nterritories: []\nowners:\n  - { id: alice, weight: 0, dailyCapacity: 5, active: true }\nguardrails: { doNotContactStages: [], colleagueReplied: block, activeInOtherSequence: block }\nsla: { hotUntouchedMinutes: 30, action: reassign }\n';
    const res = await api<{ code: string; details: Array<{ field: string; message: string; line?: number; column?: number }> }>(`/campaigns/${campaign}/rule-sets/routing`, {
      method: 'POST',
      body: yaml,
      headers: { 'content-type': 'application/yaml' },
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('invalid_rule_set');
    expect(res.body.details).toEqual([{ field: 'owners[id=alice].weight', message: 'rule alice: weight must be at least 1', line: 5, column: 26 }]);
  });
});
