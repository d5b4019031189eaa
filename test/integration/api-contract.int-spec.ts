import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findOrInstallSchemathesis, SCHEMATHESIS_VERSION } from '../../tools/schemathesis/src/schemathesis-venv.js';
import { api, eventually, testStack } from '../setup/test-stack.js';

/**
 * The API against its own document: Schemathesis generates requests from /docs/openapi.json, valid and invalid,
 * and runs every check on the answers (declared statuses, response schemas, 405 with Allow, valid data accepted,
 * invalid data refused). See docs/decisions/0011-api-contract.md for what the configuration below narrows, and why.
 *
 * Size: AICMO_CONTRACT_MAX_EXAMPLES cases per operation and phase (10 by default, about two minutes here);
 * `npm run test:contract:full` runs 100.
 */
const maxExamples = Number(process.env.AICMO_CONTRACT_MAX_EXAMPLES ?? 10);
const seed = Number(process.env.AICMO_CONTRACT_SEED ?? 1);

// Runs start Temporal workflows over every active campaign, which would disturb the specs sharing this stack, and
// Schemathesis sends valid requests even in its negative mode: these two are checked by the cases below instead,
// and their accepted requests by pipeline.int-spec.ts.
const startsRuns = ['POST /pipeline/runs', 'POST /pipeline/backfill'];
// Schemathesis reuses ids it read (GET /keys) as path parameters, so it would revoke the key it runs with and every
// later request would be a 401; api-keys.int-spec.ts checks revocation instead.
const revokesKeys = ['DELETE /keys/{id}'];

const nurtureChecked = [
  'POST /campaigns/{id}/sequences',
  'PUT /campaigns/{id}/sequences/{sequenceId}',
  'POST /campaigns/{id}/templates',
  'PUT /campaigns/{id}/templates/{templateId}',
  'POST /campaigns/{id}/templates/{templateId}/preview',
  'POST /campaigns/{id}/templates/{templateId}/test-send',
  'POST /mailboxes',
  'PUT /mailboxes/{mailboxId}',
  'PUT /campaigns/{id}/nurture/settings',
  'POST /campaigns/{id}/nurture/pause',
  'POST /campaigns/{id}/nurture/resume',
  'POST /campaigns/{id}/nurture/stop',
];

// Cursors are opaque; one the services did not give out is refused. These are well-formed ones (the services'
// encodings), so generated pages of lists are real requests.
const leadCursor = Buffer.from(JSON.stringify(['2026-01-01 00:00:00.000000+00', '00000000-0000-7000-8000-000000000000'])).toString('base64url');
const suppressionCursor = Buffer.from(JSON.stringify(['2026-01-01T00:00:00.000000Z', 'domain', 'cursor.example'])).toString('base64url');

const config = `
[generation]
database = "none"

# The stateful phase follows the document's links (a new campaign, lead or import job to the operations that
# read it). Inferring more by field name pairs a campaign's "id" with a lead's {id}, so only Location headers are.
[phases.stateful.inference]
algorithms = ["location-headers"]

# A rule set that fits the document's shape can still contradict itself (a rule on an unknown field, tiers out of
# order); the stage answers 422 naming every problem, and the operation declares it.
[[operations]]
include-name = ["POST /campaigns/{campaignId}/rule-sets/{kind}", "POST /campaigns/{campaignId}/rule-sets/{kind}/validate"]
checks.positive_data_acceptance.expected-statuses = ["2xx", "404", "422"]

# Nurture definitions are checked against the service's data: a step naming a template the campaign lacks, a
# template that does not compile, an hourly cap above the daily one answer 422; an id or address already taken
# 409; a stopped campaign's nurture cannot be paused or resumed (409).
[[operations]]
include-name = ${JSON.stringify(nurtureChecked)}
checks.positive_data_acceptance.expected-statuses = ["2xx", "404", "409", "422"]

# A raw CSV body is any text. Schemathesis ${SCHEMATHESIS_VERSION} treats only text/plain as text, so it sends
# e.g. {} as text/csv and calls the 202 "invalid data accepted"; the invalid uploads are checked below instead.
[[operations]]
include-name = "POST /campaigns/{campaignId}/imports"
generation.mode = "positive"

[[operations]]
include-name = "GET /leads"
parameters = { "cursor" = "${leadCursor}" }

[[operations]]
include-name = "GET /suppressions"
parameters = { "cursor" = "${suppressionCursor}" }

[[operations]]
include-name = ${JSON.stringify([...startsRuns, ...revokesKeys])}
enabled = false
`;

interface Campaign {
  id: string;
  status: string;
}
interface Suppression {
  kind: 'address' | 'domain';
  value: string;
  reason: string | null;
}

describe('API contract (Schemathesis)', () => {
  let st: string[];
  let dir: string;
  let campaignsBefore: Campaign[];
  let suppressionsBefore: Suppression[];
  // Its own admin key, so what it does with keys cannot touch the one the other specs share.
  let schemathesisKey: { id: string; key: string };

  beforeAll(async () => {
    st = await findOrInstallSchemathesis((line) => console.log(line));
    dir = await mkdtemp(join(tmpdir(), 'aicmo-contract-'));
    await writeFile(join(dir, 'schemathesis.toml'), config);
    schemathesisKey = (await api<{ id: string; key: string }>('/keys', { method: 'POST', json: { name: 'schemathesis', scope: 'admin' } })).body;
    campaignsBefore = (await api<Campaign[]>('/campaigns')).body;
    suppressionsBefore = await allSuppressions();
  }, 5 * 60_000);

  // Generated requests create campaigns and suppressions; put the shared state back for the specs that follow.
  afterAll(async () => {
    if (!campaignsBefore) return;
    const before = new Map(campaignsBefore.map((c) => [c.id, c.status]));
    for (const c of (await api<Campaign[]>('/campaigns')).body) {
      const status = before.get(c.id) ?? 'stopped';
      if (c.status !== status) await api(`/campaigns/${c.id}`, { method: 'PATCH', json: { status } });
    }
    const key = (s: Suppression) => `${s.kind}:${s.value}`;
    const kept = new Set(suppressionsBefore.map(key));
    const now = await allSuppressions();
    for (const s of now) if (!kept.has(key(s))) await api(`/suppressions/${s.kind}/${encodeURIComponent(s.value)}`, { method: 'DELETE' });
    const present = new Set(now.map(key));
    for (const s of suppressionsBefore) if (!present.has(key(s))) await api('/suppressions', { method: 'POST', json: { kind: s.kind, value: s.value, reason: s.reason } });
    await api(`/keys/${schemathesisKey.id}`, { method: 'DELETE' });
  }, 5 * 60_000);

  it(
    'answers every generated request as its document says',
    async () => {
      const result = await schemathesis(['--checks', 'all']);
      if (result.code !== 0) throw new Error(`Schemathesis found failures (exit ${result.code}):\n${result.output}`);
      const tested = /Tested: (\d+)/.exec(result.output);
      const cases = /(\d+) generated, \1 passed/.exec(result.output);
      expect(Number(tested?.[1])).toBeGreaterThanOrEqual(30);
      expect(cases).not.toBeNull();
      console.log(`Schemathesis ${SCHEMATHESIS_VERSION}: ${tested![1]} operations, ${cases![1]} cases, all passed (max ${maxExamples} examples, seed ${seed})`);
    },
    15 * 60_000,
  );

  it('refuses invalid requests to the operations that start pipeline runs, and starts none', async () => {
    const before = (await api<unknown[]>('/pipeline/runs?limit=200')).body.length;
    const refused = async (path: string, init: Parameters<typeof api>[1], status: number, field?: string) => {
      const res = await api<{ code: string; details: Array<{ field?: string }> }>(path, { method: 'POST', ...init });
      expect([path, res.status]).toEqual([path, status]);
      if (field) expect(res.body.details.map((d) => d.field)).toContain(field);
    };
    await refused('/pipeline/runs', { json: { campaignId: 'Not An Id' } }, 400, 'campaignId');
    await refused('/pipeline/runs', { json: { campaignId: 'it-contract', extra: 1 } }, 400, 'extra');
    await refused('/pipeline/runs', { json: [] }, 400);
    await refused('/pipeline/runs?dryRun=true', { json: {} }, 400, 'dryRun');
    await refused('/pipeline/runs', { body: 'campaignId=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415, 'Content-Type');
    await refused('/pipeline/backfill', { json: { from: '2026-01-01' } }, 400, 'to');
    await refused('/pipeline/backfill', { json: { from: 'yesterday', to: '2026-01-02T00:00:00Z' } }, 400, 'from');
    await refused('/pipeline/backfill', { json: { from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' } }, 400, 'to');
    expect((await api('/pipeline/runs', { method: 'PUT', json: {} })).status).toBe(405);
    expect((await api<unknown[]>('/pipeline/runs?limit=200')).body.length).toBe(before);
  });

  it('refuses invalid uploads: an unknown campaign, a bad file name, other media types, multipart without boundary or with extra parts', async () => {
    const campaign = 'contract-uploads';
    expect((await api('/campaigns', { method: 'POST', json: { id: campaign, name: 'uploads' } })).status).toBe(201);
    const post = (path: string, body: string | undefined, type?: string) => api<{ code: string; details: Array<{ field?: string }> }>(path, { method: 'POST', body, headers: type ? { 'content-type': type } : {} });
    const uploads = `/campaigns/${campaign}/imports`;

    expect((await post('/campaigns/no-such-campaign/imports', 'email\na@b.example\n', 'text/csv')).status).toBe(404);
    expect((await post(`${uploads}?fileName=..`, 'email\na@b.example\n', 'text/csv')).status).toBe(400);
    expect((await post(uploads, '{"email":"a@b.example"}', 'application/json')).status).toBe(415);

    const noBoundary = await post(uploads, '--x\r\n--x--\r\n', 'multipart/form-data');
    expect(noBoundary.status).toBe(400);
    expect(noBoundary.body.details[0]!.field).toBe('Content-Type');

    const form = new FormData();
    form.append('file', new Blob(['email\na@b.example\n']), 'leads.csv');
    form.append('note', 'not a part this endpoint takes');
    const extraPart = await api<{ code: string; details: Array<{ field?: string }> }>(uploads, { method: 'POST', body: form });
    expect(extraPart.status).toBe(400);
    expect(extraPart.body.details[0]!.field).toBe('note');
    // The upload was cut off, so harvest keeps no import job from it (it drops the job once it sees the cut).
    await eventually(async () => ((await api<unknown[]>(`/imports?campaignId=${campaign}`)).body.length === 0 ? true : undefined), 'the cut-off upload to leave no job', 15_000);
  });

  it('answers a method a path does not have with 405 and the methods it has', async () => {
    const res = await api<{ code: string }>('/pipeline/schedule', { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.body.code).toBe('method_not_allowed');
    expect(res.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
  });

  async function schemathesis(args: string[]): Promise<{ code: number; output: string }> {
    const argv = [
      ...st.slice(1),
      '--no-color',
      '--config-file',
      join(dir, 'schemathesis.toml'),
      'run',
      `${testStack().apiUrl}/docs/openapi.json`,
      '--max-examples',
      String(maxExamples),
      '--seed',
      String(seed),
      // One worker: Hypothesis 6 on Python 3.11 can fail with an AST recursion error when workers share it.
      '--workers',
      '1',
      '--request-timeout',
      '30',
      // An admin key, so every operation is reached; api-keys.int-spec.ts proves the refusals without one.
      '--header',
      `x-api-key: ${schemathesisKey.key}`,
      ...args,
    ];
    return new Promise((resolve, reject) => {
      const child = spawn(st[0]!, argv, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
      child.on('error', reject);
      child.on('exit', (code) => resolve({ code: code ?? 1, output }));
    });
  }
});

async function allSuppressions(): Promise<Suppression[]> {
  const out: Suppression[] = [];
  let cursor: string | null = null;
  do {
    const page: { body: { items: Suppression[]; next: string | null } } = await api(`/suppressions?limit=500${cursor ? `&cursor=${cursor}` : ''}`);
    out.push(...page.body.items);
    cursor = page.body.next;
  } while (cursor);
  return out;
}
