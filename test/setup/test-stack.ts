import http from 'node:http';

/** What the global setup started, as the integration specs see it (through AICMO_TEST_STACK). */
export interface TestStack {
  dataDir: string;
  databaseUrl: string;
  temporalAddress: string;
  namespace: string;
  apiUrl: string;
  harvestUrl: string;
  sendgridUrl: string;
  dropDir: string;
  /** The harvest service is configured with this people-search URL; a spec starts the fake server on its port. */
  peopleSearchPort: number;
  /** An admin API key, made by the launcher's development-key code against the test database. */
  apiKey: string;
  /** The shared secret the stage services and harvest require on every internal route (x-internal-token). */
  internalToken: string;
  /** The secret the nurture service signs one-click unsubscribe tokens with and the API checks them with. */
  unsubscribeSecret: string;
  scoringUrl: string;
  qualificationUrl: string;
  routingUrl: string;
  nurtureUrl: string;
  engagementUrl: string;
  /** The Event Webhook's signing key (PKCS#8 PEM, ECDSA P-256) the sandbox signs with, and its public half (base64 DER). */
  webhookPrivateKey: string;
  webhookPublicKey: string;
  /** The Inbound Parse URL's basic-auth password (user `parse`). */
  inboundParseSecret: string;
}

export type InternalService = 'harvest' | 'scoring' | 'qualification' | 'routing' | 'nurture' | 'engagement';

export function serviceUrl(service: InternalService): string {
  const s = testStack();
  return { harvest: s.harvestUrl, scoring: s.scoringUrl, qualification: s.qualificationUrl, routing: s.routingUrl, nurture: s.nurtureUrl, engagement: s.engagementUrl }[service];
}

/** The private key (PKCS#8 PEM) engagement's Event Webhook accepts signatures of, as SendGrid (the sandbox) holds it. */
export function webhookSigningKey(): string {
  return testStack().webhookPrivateKey;
}

/** The Event Webhook's verification key as SendGrid shows it (base64 DER), as engagement is configured with it. */
export function webhookPublicKey(): string {
  return testStack().webhookPublicKey;
}

/** The password of the Inbound Parse URL (http://parse:<secret>@…/webhooks/sendgrid/inbound). */
export function inboundParseSecret(): string {
  return testStack().inboundParseSecret;
}

/** A call to a stage service's or harvest's internal route, with the internal token (as the services call each other). */
export function internal<T = unknown>(service: InternalService, path: string, init: RequestInit & { json?: unknown } = {}): Promise<TestAnswer<T>> {
  return jsonRequest<T>(serviceUrl(service) + path, init, { 'x-internal-token': testStack().internalToken });
}

export interface TestAnswer<T> {
  status: number;
  body: T;
  headers: Headers;
}

/** One request: `json` is sent as a JSON body; the answer's body is parsed when it is JSON, else kept as text. */
async function jsonRequest<T>(url: string, init: RequestInit & { json?: unknown }, auth: Record<string, string>): Promise<TestAnswer<T>> {
  const { json, ...rest } = init;
  const res = await fetch(url, {
    ...rest,
    headers: { ...(json !== undefined ? { 'content-type': 'application/json' } : {}), ...auth, ...(rest.headers as Record<string, string>) },
    body: json !== undefined ? JSON.stringify(json) : rest.body,
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: body as T, headers: res.headers };
}

/**
 * A request with headers fetch will not send as given (Host): through node:http, as a browser on a rebinding
 * domain or a proxy would send it.
 */
export function rawRequest(
  url: string,
  o: { method?: string; headers?: Record<string, string>; body?: string; setHost?: boolean } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: o.method ?? 'GET', headers: o.headers, setHost: o.setHost ?? true }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

export function testStack(): TestStack {
  const raw = process.env.AICMO_TEST_STACK;
  if (!raw) throw new Error('AICMO_TEST_STACK is not set: integration specs run through the jest "integration" project');
  return JSON.parse(raw) as TestStack;
}

/** A call to the API with the stack's admin key, or with `key` (null: none). */
export function api<T = unknown>(path: string, init: RequestInit & { json?: unknown; key?: string | null } = {}): Promise<TestAnswer<T>> {
  const { key, ...rest } = init;
  const apiKey = key === undefined ? testStack().apiKey : key;
  return jsonRequest<T>(testStack().apiUrl + path, rest, apiKey !== null ? { 'x-api-key': apiKey } : {});
}

export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
