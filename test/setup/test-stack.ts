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
}

export function testStack(): TestStack {
  const raw = process.env.AICMO_TEST_STACK;
  if (!raw) throw new Error('AICMO_TEST_STACK is not set: integration specs run through the jest "integration" project');
  return JSON.parse(raw) as TestStack;
}

export async function api<T = unknown>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<{ status: number; body: T; headers: Headers }> {
  const { json, ...rest } = init;
  const res = await fetch(testStack().apiUrl + path, {
    ...rest,
    headers: { ...(json !== undefined ? { 'content-type': 'application/json' } : {}), ...(rest.headers as Record<string, string>) },
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

export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
