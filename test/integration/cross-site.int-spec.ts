import { api, rawRequest, serviceUrl, testStack } from '../setup/test-stack.js';

type ErrorBody = { code: string; message: string; details: Array<{ field?: string; message: string }> };

const campaign = 'it-cross-site';

beforeAll(async () => {
  expect((await api('/campaigns', { method: 'POST', json: { id: campaign, name: 'Cross-site tests' } })).status).toBe(201);
});

// What a page on another site can make a browser send without a preflight: text/plain, urlencoded and multipart
// bodies. Routes that need a key take only their declared media types, so none of these does anything.
describe('requests a browser can forge', () => {
  it('a text/plain POST to pipeline runs starts nothing (415)', async () => {
    const res = await api<ErrorBody>('/pipeline/runs', { method: 'POST', body: '{"campaignId":"it-cross-site"}', headers: { 'content-type': 'text/plain' } });
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('unsupported_media_type');
    expect(res.body.details[0]!.field).toBe('Content-Type');
    const runs = await api('/pipeline/runs');
    expect(runs.status).toBe(200);
    expect(JSON.stringify(runs.body)).not.toContain(campaign);
  });

  it('a text/plain import is refused (415) and creates no job', async () => {
    const res = await api<ErrorBody>(`/campaigns/${campaign}/imports?fileName=x.csv`, { method: 'POST', body: 'email\nforged@cross-site.example\n', headers: { 'content-type': 'text/plain' } });
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('unsupported_media_type');
    const leads = await api<{ items: unknown[] }>(`/leads?campaignId=${campaign}`);
    expect(leads.body.items).toEqual([]);
  });

  it('an urlencoded body to a JSON route is refused (415)', async () => {
    const res = await api<ErrorBody>('/campaigns', { method: 'POST', body: 'id=it-forged&name=Forged', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(415);
    expect((await api('/campaigns/it-forged')).status).toBe(404);
  });
});

describe('Host allowlist (DNS rebinding)', () => {
  const all = () => [
    ['api', testStack().apiUrl, '/campaigns'],
    ['harvest', serviceUrl('harvest'), '/internal/leads'],
    ['scoring', serviceUrl('scoring'), '/internal/campaigns/x/rule-sets'],
    ['qualification', serviceUrl('qualification'), '/internal/campaigns/x/rule-sets'],
    ['routing', serviceUrl('routing'), '/internal/campaigns/x/rule-sets'],
  ];

  it('answers a foreign Host with 421 on every service, even with valid credentials', async () => {
    for (const [name, base, path] of all()) {
      const res = await rawRequest(base + path, { headers: { host: 'evil.example', 'x-internal-token': testStack().internalToken } });
      expect([name, res.status]).toEqual([name, 421]);
      expect(JSON.parse(res.body)).toEqual({ code: 'misdirected_request', message: expect.stringContaining('evil.example'), details: [{ field: 'Host', message: expect.stringContaining('127.0.0.1:') }] });
      // The same service under a loopback name answers (401 or 200: the Host check passed).
      const port = new URL(base).port;
      const local = await rawRequest(base + path, { headers: { host: `localhost:${port}` } });
      expect([name, local.status === 421]).toEqual([name, false]);
    }
  });

  it('answers a foreign Host with a port of ours with 421, and refuses a request without Host', async () => {
    const port = new URL(testStack().apiUrl).port;
    expect((await rawRequest(testStack().apiUrl + '/campaigns', { headers: { host: `evil.example:${port}` } })).status).toBe(421);
    // Node's HTTP server answers an HTTP/1.1 request without Host with 400 before the app sees it.
    expect((await rawRequest(testStack().apiUrl + '/campaigns', { headers: {}, setHost: false })).status).toBe(400);
  });
});

describe('the API document', () => {
  it('declares the 421 on every operation, so contract testing expects it', async () => {
    const doc = (await (await fetch(`${testStack().apiUrl}/docs/openapi.json`)).json()) as { paths: Record<string, Record<string, { responses?: Record<string, unknown> }>> };
    const operations = Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).filter(([m]) => ['get', 'post', 'put', 'delete', 'patch'].includes(m)).map(([m, op]) => [`${m.toUpperCase()} ${path}`, op] as const));
    expect(operations.length).toBeGreaterThan(20);
    expect(operations.filter(([, op]) => !op.responses?.['421']).map(([name]) => name)).toEqual([]);
  });
});

describe('security headers', () => {
  it('are on every service, on answers and refusals alike', async () => {
    const urls = [
      `${testStack().apiUrl}/health`,
      `${testStack().apiUrl}/campaigns/${campaign}`,
      `${testStack().apiUrl}/no-such-route`,
      `${serviceUrl('harvest')}/internal/leads`,
      `${serviceUrl('scoring')}/health`,
      `${serviceUrl('qualification')}/metrics`,
      `${serviceUrl('routing')}/internal/campaigns/x/rule-sets`,
    ];
    for (const url of urls) {
      const res = await fetch(url);
      const h = Object.fromEntries(['content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy', 'strict-transport-security', 'cross-origin-opener-policy'].map((n) => [n, res.headers.get(n)]));
      expect([url, h]).toEqual([
        url,
        {
          'content-security-policy': expect.stringContaining("default-src 'self'"),
          'x-content-type-options': 'nosniff',
          'x-frame-options': 'SAMEORIGIN',
          'referrer-policy': 'no-referrer',
          'strict-transport-security': expect.stringContaining('max-age='),
          'cross-origin-opener-policy': 'same-origin',
        },
      ]);
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('leave the Swagger page working: its HTML, scripts, styles and document load', async () => {
    const page = await fetch(`${testStack().apiUrl}/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)=['"]([^'"]+\.(?:js|css))['"]/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(3);
    // Everything the page loads is same-origin, which the Content-Security-Policy allows.
    for (const asset of assets) {
      const res = await fetch(new URL(asset, `${testStack().apiUrl}/docs`));
      expect([asset, res.status]).toEqual([asset, 200]);
    }
    expect((await fetch(`${testStack().apiUrl}/docs/openapi.json`)).status).toBe(200);
    expect(html).not.toMatch(/<script>[^<]/);
  });
});

describe('rate limit on the public forms', () => {
  it('answers 429 with Retry-After once one address has used its bucket, while other addresses go on', async () => {
    // The test stack trusts X-Forwarded-For from loopback (API_TRUST_PROXY), so each address here is a client.
    // An empty form is refused (400) by its handler: the limit comes before it, and nothing is stored meanwhile.
    const post = (address: string) =>
      api<ErrorBody>('/forms/00000000-0000-4000-8000-000000000000', { method: 'POST', json: {}, headers: { 'x-forwarded-for': address } });
    let limited: Awaited<ReturnType<typeof post>> | undefined;
    let sent = 0;
    while (!limited && sent < 5000) {
      const res = await post('203.0.113.7');
      sent++;
      if (res.status === 429) limited = res;
      else expect(res.status).toBe(400);
    }
    expect(limited).toBeDefined();
    expect(sent).toBeGreaterThan(20);
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited!.body.code).toBe('rate_limited');
    expect((await post('203.0.113.8')).status).toBe(400);
    // Routes other than the forms are not limited by address.
    for (let i = 0; i < 5; i++) expect((await api(`/campaigns/${campaign}`, { headers: { 'x-forwarded-for': '203.0.113.7' } })).status).toBe(200);
  });
});
