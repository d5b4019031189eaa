import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { api, eventually, testStack } from '../setup/test-stack.js';

/**
 * API keys on every route: the route inventory walks every operation of the running API's own document and proves
 * that each one outside the allowlist refuses a missing, wrong, revoked and too-small key before doing anything,
 * and that the allowlisted ones answer without a key. The document is the route table (the route gate answers
 * from it), so a new route is in the inventory the moment it exists.
 */

type Scope = 'read' | 'write' | 'admin';
interface Operation {
  method: string;
  path: string;
  security?: unknown[];
  'x-api-key-scope'?: Scope;
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, unknown>;
}
interface Key {
  id: string;
  name: string;
  scope: Scope;
  key: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** The allowlist: the only operations of the document a stranger may call (the public web forms, the unsubscribe link). */
const isPublicOperation = (op: Operation) => (op.method === 'POST' && op.path.startsWith('/forms/')) || op.path.startsWith('/unsubscribe/');
/** Routes outside the document that answer without a key: probes, metrics and the document itself. */
const PUBLIC_ROUTES = ['/health', '/health/ready', '/metrics', '/docs', '/docs/openapi.json'];
/** Keys, the audit trail and parked engagement need admin; everything else the scope of its method. */
const ADMIN_PATHS = ['/keys', '/keys/{id}', '/audit', '/engagement/parked'];

const bodies: Record<string, string> = {
  'application/json': '{}',
  'application/x-www-form-urlencoded': 'email=a%40b.example',
  'text/csv': 'email\na@b.example\n',
  'multipart/form-data': '--b\r\ncontent-disposition: form-data; name="file"; filename="a.csv"\r\n\r\nemail\r\n--b--\r\n',
  'text/yaml': 'rules: []\n',
  'application/yaml': 'rules: []\n',
};

let operations: Operation[];
const keys: Partial<Record<'read' | 'write' | 'revoked', Key>> = {};

async function newKey(scope: Scope, name = `it-keys ${scope}`): Promise<Key> {
  const res = await api<Key>('/keys', { method: 'POST', json: { name, scope } });
  expect(res.status).toBe(201);
  return res.body;
}

/** A request the route gate lets through (declared media type, no undeclared query), so the key decides. */
function call(op: Operation, key: string | null, headers: Record<string, string> = {}) {
  const path = op.path.replace(/\{[^}]+\}/g, 'it-keys-x');
  const type = op.requestBody ? Object.keys(op.requestBody.content)[0]! : undefined;
  const contentType = type === 'multipart/form-data' ? 'multipart/form-data; boundary=b' : type;
  return api<{ code: string; details: Array<{ field?: string; message: string }> }>(path, {
    method: op.method,
    key,
    headers: { ...(contentType ? { 'content-type': contentType } : {}), ...headers },
    body: type ? (bodies[type] ?? '{}') : undefined,
  });
}

const name = (op: Operation) => `${op.method} ${op.path}`;
const guarded = () => operations.filter((op) => !isPublicOperation(op));

beforeAll(async () => {
  const doc = await api<{ paths: Record<string, Record<string, Omit<Operation, 'method' | 'path'>>>; components: { securitySchemes: Record<string, unknown> }; security: unknown[] }>('/docs/openapi.json', { key: null });
  expect(doc.status).toBe(200);
  expect(doc.body.components.securitySchemes.apiKey).toEqual(expect.objectContaining({ type: 'apiKey', in: 'header', name: 'x-api-key' }));
  expect(doc.body.security).toEqual([{ apiKey: [] }]);
  operations = Object.entries(doc.body.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => ['get', 'put', 'post', 'patch', 'delete'].includes(method))
      .map(([method, op]) => ({ ...op, method: method.toUpperCase(), path })),
  );
  keys.read = await newKey('read');
  keys.write = await newKey('write');
  keys.revoked = await newKey('admin', 'it-keys revoked');
  expect((await api(`/keys/${keys.revoked.id}`, { method: 'DELETE' })).status).toBe(200);
});

describe('route inventory', () => {
  it('covers the whole API, and the document declares the key, its scope and 401/403/429 on every guarded operation', () => {
    expect(operations.length).toBeGreaterThanOrEqual(30);
    const open = operations.filter((op) => op.security?.length === 0);
    expect(open.length).toBeGreaterThanOrEqual(1);
    expect(open.map(name)).toEqual(operations.filter(isPublicOperation).map(name));
    for (const op of guarded()) {
      const expected: Scope = ADMIN_PATHS.includes(op.path) ? 'admin' : op.method === 'GET' ? 'read' : 'write';
      expect([name(op), op['x-api-key-scope'], Object.keys(op.responses).filter((s) => ['401', '403', '429'].includes(s))]).toEqual([name(op), expected, ['401', '403', '429']]);
    }
  });

  it('refuses a missing, malformed, wrong or revoked key with 401 on every guarded operation', async () => {
    const wrong = `aicmo_${randomBytes(8).toString('hex')}_${randomBytes(32).toString('base64url')}`;
    // The right id with another secret: the id alone opens nothing.
    const forged = `aicmo_${keys.write!.id}_${randomBytes(32).toString('base64url')}`;
    for (const op of guarded()) {
      const seen = [];
      for (const [key, code] of [
        [null, 'api_key_missing'],
        ['', 'api_key_missing'],
        ['not-a-key', 'api_key_invalid'],
        [wrong, 'api_key_invalid'],
        [forged, 'api_key_invalid'],
        [keys.revoked!.key, 'api_key_revoked'],
      ] as const) {
        const res = await call(op, key);
        seen.push([res.status, res.body?.code]);
        expect([name(op), String(key).slice(0, 12), res.status, res.body?.code]).toEqual([name(op), String(key).slice(0, 12), 401, code]);
      }
      expect(seen).toHaveLength(6);
    }
  });

  it('refuses a key of too small a scope with 403, and lets one of the right scope past the key check', async () => {
    let refused = 0;
    for (const op of guarded()) {
      const needed = op['x-api-key-scope']!;
      const smaller = needed === 'admin' ? keys.write! : needed === 'write' ? keys.read! : null;
      if (smaller) {
        const res = await call(op, smaller.key);
        expect([name(op), smaller.scope, res.status, res.body.code]).toEqual([name(op), smaller.scope, 403, 'scope_insufficient']);
        refused++;
      }
    }
    expect(refused).toBeGreaterThanOrEqual(15);
    // Reading needs only read (no smaller scope exists); the request then fails or succeeds on its own merits.
    for (const op of guarded().filter((o) => o['x-api-key-scope'] === 'read')) {
      const res = await call(op, keys.read!.key);
      expect([name(op), res.status === 401 || res.status === 403]).toEqual([name(op), false]);
    }
  });

  it('reads the key from the x-api-key header only: not from a cookie, an Authorization header or the query', async () => {
    const admin = testStack().apiKey;
    expect((await api('/campaigns', { key: null, headers: { cookie: `x-api-key=${admin}; api_key=${admin}` } })).status).toBe(401);
    expect((await api('/campaigns', { key: null, headers: { authorization: `Bearer ${admin}` } })).status).toBe(401);
    expect((await api(`/campaigns?api_key=${admin}`, { key: null })).status).not.toBe(200);
  });

  it('answers the allowlisted routes without a key', async () => {
    for (const path of PUBLIC_ROUTES) expect([path, (await api(path, { key: null })).status]).toEqual([path, 200]);
    for (const op of operations.filter(isPublicOperation)) {
      // Answered on its merits (an unknown campaign, a field missing), not refused for want of a key.
      const res = await call(op, null);
      expect([name(op), res.status >= 400 && res.status < 500 && res.status !== 401 && res.status !== 403]).toEqual([name(op), true]);
    }
  });
});

describe('key lifecycle', () => {
  it('shows the secret once and keeps only its hash', async () => {
    const k = await newKey('read', 'it-keys hash');
    expect(k.key).toMatch(new RegExp(`^aicmo_${k.id}_[A-Za-z0-9_-]{43}$`));
    const listed = (await api<Array<Record<string, unknown>>>('/keys')).body.find((x) => x.id === k.id)!;
    expect(listed).toEqual({ id: k.id, name: 'it-keys hash', scope: 'read', createdAt: expect.any(String), lastUsedAt: null, revokedAt: null });
    const db = new pg.Client({ connectionString: testStack().databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ row: string; hash: Buffer }>(`SELECT row_to_json(k)::text AS row, secret_hash AS hash FROM api.api_keys k WHERE id = $1`, [k.id]);
      const secret = k.key.split('_').slice(2).join('_');
      expect(rows[0]!.hash).toHaveLength(32);
      expect(rows[0]!.row).not.toContain(secret);
    } finally {
      await db.end();
    }
  });

  it('takes effect within seconds of revocation, and revoking again changes nothing', async () => {
    const k = await newKey('write', 'it-keys revoke');
    expect((await api('/campaigns', { key: k.key })).status).toBe(200);
    const revoked = await api<Key>(`/keys/${k.id}`, { method: 'DELETE' });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    const started = Date.now();
    await eventually(async () => ((await api('/campaigns', { key: k.key })).status === 401 ? true : undefined), 'the revoked key to be refused', 5_000);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await api<Key>(`/keys/${k.id}`, { method: 'DELETE' })).body.revokedAt).toBe(revoked.body.revokedAt);
    expect((await api('/keys/0123456789abcdef', { method: 'DELETE' })).status).toBe(404);
  });

  it('records when a key was last used', async () => {
    const k = await newKey('read', 'it-keys last use');
    const before = Date.now() - 1000;
    expect((await api('/campaigns', { key: k.key })).status).toBe(200);
    const used = await eventually(async () => (await api<Key[]>('/keys')).body.find((x) => x.id === k.id && x.lastUsedAt), 'the last use to be recorded', 5_000);
    expect(Date.parse(used.lastUsedAt!)).toBeGreaterThanOrEqual(before);
  });
});

describe('npm run keys', () => {
  const cli = fileURLToPath(new URL('../../dist/tools/keys/src/main.js', import.meta.url));
  const keysCommand = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { env: { ...process.env, DATABASE_URL: testStack().databaseUrl }, encoding: 'utf8', timeout: 30_000 });

  it('creates a key the API takes, lists it and revokes it', async () => {
    const created = keysCommand('create', '--name', 'it-keys cli', '--scope', 'write');
    expect(created.status).toBe(0);
    const key = /aicmo_([0-9a-f]{16})_[A-Za-z0-9_-]{43}/.exec(created.stdout)!;
    expect((await api('/campaigns', { key: key[0] })).status).toBe(200);
    expect((await api('/keys', { key: key[0] })).status).toBe(403);
    const listed = new RegExp(`${key[1]}  write\\s+active\\s+last used \\d{4}-.*it-keys cli`);
    await eventually(async () => (listed.test(keysCommand('list').stdout) ? true : undefined), 'the CLI to list the key as used', 5_000);
    expect(keysCommand('revoke', key[1]!).status).toBe(0);
    expect((await api('/campaigns', { key: key[0] })).status).toBe(401);
    expect(keysCommand('list').stdout).toMatch(new RegExp(`${key[1]}  write\\s+revoked`));
  });

  it('refuses a bad scope, and names the database it cannot reach', () => {
    const bad = keysCommand('create', '--name', 'x', '--scope', 'root');
    expect([bad.status, bad.stderr]).toEqual([2, expect.stringContaining('--scope must be read, write or admin')]);
    // Port 1: nothing listens there, as when the embedded server is not running.
    const down = spawnSync(process.execPath, [cli, 'list'], { env: { PATH: process.env.PATH, POSTGRES_PORT: '1' }, encoding: 'utf8', timeout: 30_000 });
    expect([down.status, down.stderr]).toEqual([1, expect.stringContaining('Is the stack running? Start it with `npm start`')]);
  });
});

describe('audit trail', () => {
  it('names the key, method, route, target and status of every change and refused attempt, and not of reads', async () => {
    const writer = await newKey('write', 'it-keys audit');
    const campaign = `it-keys-${randomBytes(3).toString('hex')}`;
    expect((await api('/campaigns', { key: writer.key, method: 'POST', json: { id: campaign, name: 'audited' } })).status).toBe(201);
    expect((await api(`/campaigns/${campaign}`, { key: writer.key, method: 'PATCH', json: { status: 'paused' } })).status).toBe(200);
    expect((await api(`/campaigns/${campaign}`, { key: writer.key })).status).toBe(200);
    expect((await api('/keys', { key: writer.key, method: 'POST', json: { name: 'escalation', scope: 'admin' } })).status).toBe(403);

    const page = await eventually(async () => {
      const res = await api<{ items: Array<{ keyId: string; method: string; route: string; target: Record<string, string>; status: number; at: string }>; next: string | null }>(`/audit?keyId=${writer.id}`);
      return res.body.items.length >= 3 ? res.body : undefined;
    }, 'three audit entries', 5_000);
    expect(page.items.map(({ keyId, method, route, target, status }) => ({ keyId, method, route, target, status }))).toEqual([
      { keyId: writer.id, method: 'POST', route: '/keys', target: {}, status: 403 },
      { keyId: writer.id, method: 'PATCH', route: '/campaigns/:id', target: { id: campaign }, status: 200 },
      { keyId: writer.id, method: 'POST', route: '/campaigns', target: {}, status: 201 },
    ]);
    expect(page.next).toBeNull();

    // Paged with a cursor, newest first.
    const first = await api<{ items: Array<{ id: string }>; next: string }>(`/audit?keyId=${writer.id}&limit=2`);
    expect(first.body.items).toHaveLength(2);
    const second = await api<{ items: Array<{ route: string }>; next: string | null }>(`/audit?keyId=${writer.id}&limit=2&cursor=${first.body.next}`);
    expect(second.body.items.map((i) => i.route)).toEqual(['/campaigns']);
    expect(second.body.next).toBeNull();

    // Only admin keys read the trail.
    expect((await api('/audit', { key: writer.key })).status).toBe(403);
    await api(`/campaigns/${campaign}`, { method: 'PATCH', json: { status: 'stopped' } });
  });

  it('records which key created a key', async () => {
    const k = await newKey('read', 'it-keys created');
    const page = await api<{ items: Array<{ route: string; target: Record<string, string> }> }>(`/audit?keyId=${testStack().apiKey.split('_')[1]}&limit=20`);
    expect(page.body.items.find((e) => e.route === '/keys' && e.target.createdKeyId === k.id)).toBeDefined();
  });
});
