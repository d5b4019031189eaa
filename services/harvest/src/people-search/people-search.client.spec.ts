import type { RateUsage } from '#libs/source-fallback';
import { PeopleSearchClient, type PeopleSearchClientOptions, type PeopleSearchOptions, type PeopleSearchSummary } from './people-search.client.js';
import { PeopleSearchError } from './people-search.errors.js';
import { fakePerson, startPeopleSearchServer, type PeopleSearchServer, type PeopleSearchServerOptions } from '../../../../tools/dev-fakes/people-search/people-search.fake-server.js';
import type { PeopleSearchFilter, PeopleSearchPage } from './people-search.types.js';

// Real client, real HTTP, fake time: sleep records the wait and moves the clock instead of waiting.
const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);

interface Harness {
  client: PeopleSearchClient;
  server: PeopleSearchServer;
  waits: number[];
  saved: RateUsage[];
}

let server: PeopleSearchServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function harness(serverOptions: PeopleSearchServerOptions = {}, clientOptions: Partial<PeopleSearchClientOptions> = {}, usage?: RateUsage): Promise<Harness> {
  server = await startPeopleSearchServer(serverOptions);
  let now = T0;
  let stored = usage;
  const waits: number[] = [];
  const saved: RateUsage[] = [];
  const client = new PeopleSearchClient({
    baseUrl: `${server.url}/`,
    apiKey: 'test-key',
    retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 10_000 },
    budget: { perMinute: 1_000, perDay: 10_000 },
    loadUsage: () => stored,
    saveUsage: async (u) => {
      stored = u;
      saved.push(u);
    },
    now: () => now,
    sleep: async (ms) => {
      waits.push(ms);
      now += ms;
    },
    ...clientOptions,
  });
  return { client, server, waits, saved };
}

async function collect(client: PeopleSearchClient, filter: PeopleSearchFilter = {}, opts: PeopleSearchOptions = { maxPages: 10 }) {
  const pages: PeopleSearchPage[] = [];
  const gen = client.searchPeople(filter, opts);
  for (;;) {
    const next = await gen.next();
    if (next.done) return { pages, summary: next.value as PeopleSearchSummary };
    pages.push(next.value);
  }
}

async function failure(promise: Promise<unknown>): Promise<PeopleSearchError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof PeopleSearchError) return e;
    throw e;
  }
  throw new Error('expected a PeopleSearchError');
}

describe('PeopleSearchClient over HTTP', () => {
  it('pages through the search and speaks the Apollo request shape', async () => {
    const h = await harness({ people: 250 });
    const filter = { personTitles: ['VP Sales', 'CTO'], personSeniorities: ['vp'], organizationLocations: ['Germany'], organizationNumEmployeesRanges: ['11,50'], qKeywords: 'crm' };
    const { pages, summary } = await collect(h.client, filter, { maxPages: 10, perPage: 100 });

    expect(pages.map((p) => [p.page, p.leads.length, p.totalPages, p.totalEntries])).toEqual([
      [1, 100, 3, 250],
      [2, 100, 3, 250],
      [3, 50, 3, 250],
    ]);
    expect(h.server.requests.map((r) => [r.method, r.path, r.headers['x-api-key'], r.headers['content-type']])).toEqual(
      Array(3).fill(['POST', '/api/v1/mixed_people/search', 'test-key', 'application/json']),
    );
    expect(h.server.requests[1].body).toEqual({
      page: 2,
      per_page: 100,
      person_titles: ['VP Sales', 'CTO'],
      person_seniorities: ['vp'],
      organization_locations: ['Germany'],
      organization_num_employees_ranges: ['11,50'],
      q_keywords: 'crm',
    });
    expect(pages[0].leads[0]).toEqual({
      email: 'first1.last1@company1.example',
      firstName: 'First1',
      lastName: 'Last1',
      title: 'Head of Marketing',
      company: 'Company 1',
      companyDomain: 'company1.example',
      industry: 'computer software',
      employeeCount: 20,
      country: 'United Kingdom',
      city: 'London',
      linkedinUrl: 'https://www.linkedin.com/in/first1-last1',
      technologies: ['Salesforce', 'Slack'],
      externalId: 'person-1',
    });
    expect(summary).toMatchObject({ stoppedBy: 'end-of-results', lastPage: 3, pages: 3, leads: 250, requests: 3, retries: 0, throttledMs: 0, budgetExhausted: false });
    expect(h.waits).toEqual([]);
  });

  it('stops at maxPages and can resume from a later page', async () => {
    const h = await harness({ people: 250 });
    const first = await collect(h.client, {}, { maxPages: 2, perPage: 50 });
    expect(first.summary).toMatchObject({ stoppedBy: 'max-pages', lastPage: 2 });
    const rest = await collect(h.client, {}, { maxPages: 10, perPage: 50, startPage: 3 });
    expect(rest.pages.map((p) => p.page)).toEqual([3, 4, 5]);
    expect(h.client.counters).toMatchObject({ requests: 5, pages: 5, leads: 250 });
  });

  it('skips and counts people without a usable email', async () => {
    const people = [
      fakePerson(1),
      fakePerson(2, { email: null, email_status: 'unavailable' }),
      fakePerson(3, { email_status: 'guessed' }),
      fakePerson(4, { email: 'email_not_unlocked@domain.com' }),
      fakePerson(5, { email_status: 'likely to engage' }),
    ];
    const h = await harness({ people });
    const { pages, summary } = await collect(h.client);
    expect(pages[0].leads.map((l) => l.email)).toEqual(['first1.last1@company1.example', 'first5.last5@company5.example']);
    expect(pages[0].skippedNoEmail).toBe(3);
    expect(summary).toMatchObject({ leads: 2, skippedNoEmail: 3 });
  });

  it('honours 429 Retry-After in seconds within the retry budget', async () => {
    const h = await harness({ people: 30, rateLimitFirst: 2, retryAfter: '3' });
    const { pages, summary } = await collect(h.client);
    expect(pages).toHaveLength(1);
    expect(h.waits).toEqual([3_000, 3_000]);
    expect(summary).toMatchObject({ requests: 3, retries: 2, throttledMs: 6_000, backoffMs: 0 });
  });

  it('honours 429 Retry-After as an HTTP-date', async () => {
    const h = await harness({ people: 30, rateLimitFirst: 1, retryAfter: new Date(T0 + 7_000).toUTCString() });
    await collect(h.client);
    expect(h.waits).toEqual([7_000]);
  });

  it('falls back to backoff when a 429 has no Retry-After', async () => {
    const h = await harness({ people: 30, rateLimitFirst: 2, retryAfter: null });
    await collect(h.client);
    expect(h.waits).toEqual([100, 200]);
  });

  it('gives up at once when Retry-After is longer than the budget allows', async () => {
    const h = await harness({ people: 30, rateLimitFirst: 1, retryAfter: '3600' });
    const error = await failure(collect(h.client));
    expect(error).toMatchObject({ code: 'retry-budget-exhausted', status: 429, retryable: true, attempts: 1 });
    expect(error.message).toContain('server asked to wait 3600 s, more than the 10 s allowed');
    expect(h.waits).toEqual([]);
  });

  it('backs off on 5xx and recovers', async () => {
    const h = await harness({ people: 30, failFirst: 2, failStatus: 503 });
    const { pages, summary } = await collect(h.client);
    expect(pages).toHaveLength(1);
    expect(h.waits).toEqual([100, 200]);
    expect(summary).toMatchObject({ requests: 3, retries: 2, backoffMs: 300, throttledMs: 0 });
  });

  it('uses the injected jitter source for backoff', async () => {
    const h = await harness({ people: 30, failFirst: 2 }, { random: () => 0.5 });
    await collect(h.client);
    expect(h.waits).toEqual([50, 100]);
  });

  it('throws once the retry budget is spent, naming the page and last error', async () => {
    const h = await harness({ people: 30, failFirst: 10 });
    const error = await failure(collect(h.client));
    expect(error).toMatchObject({ code: 'retry-budget-exhausted', status: 500, retryable: true, attempts: 3 });
    expect(error.message).toBe('people search: page 1 failed after 3 attempts: HTTP 500 {"error":"Fake server error 500"}');
    expect(h.server.requests).toHaveLength(3);
  });

  it('treats 401 as non-retryable and never echoes the key', async () => {
    const h = await harness({ apiKey: 'the-real-key' });
    const error = await failure(collect(h.client));
    expect(error).toMatchObject({ code: 'unauthorized', status: 401, retryable: false });
    expect(error.message).toMatch(/^people search: API key rejected by 127\.0\.0\.1:\d+ \(HTTP 401 .*Invalid access credentials/);
    expect(error.message).not.toContain('test-key');
    expect(h.server.requests).toHaveLength(1);
    expect(h.waits).toEqual([]);
  });

  it.each([
    [403, 'forbidden'],
    [422, 'invalid-request'],
    [404, 'http-error'],
  ])('treats HTTP %p as non-retryable %p', async (status, code) => {
    const h = await harness({ status });
    const error = await failure(collect(h.client));
    expect(error).toMatchObject({ code, status, retryable: false });
    expect(h.server.requests).toHaveLength(1);
  });

  it('retries network errors, then reports them', async () => {
    const h = await harness();
    await h.server.close(); // nothing listens on that port any more
    const error = await failure(collect(h.client));
    expect(error).toMatchObject({ code: 'retry-budget-exhausted', attempts: 3 });
    expect(error.message).toMatch(/network error: fetch failed \(ECONNREFUSED\)/);
    expect(h.waits).toEqual([100, 200]);
  });

  it('times out a slow response and retries it', async () => {
    const h = await harness({ people: 30, reply: (_req, index) => (index === 0 ? { status: 200, body: { people: [] }, delayMs: 1_000 } : undefined) }, { requestTimeoutMs: 100 });
    const { pages, summary } = await collect(h.client);
    expect(pages[0].leads).toHaveLength(30);
    expect(summary).toMatchObject({ requests: 2, retries: 1 });
  });

  it('treats an unreadable 200 as transient', async () => {
    const h = await harness({ people: 30, reply: (_req, index) => (index === 0 ? { status: 200, body: '<html>proxy</html>' } : undefined) });
    const { summary } = await collect(h.client);
    expect(summary).toMatchObject({ requests: 2, retries: 1, leads: 30 });

    h.server.set({ reply: () => ({ status: 200, body: '<html>proxy</html>' }) });
    const error = await failure(collect(h.client));
    expect(error.message).toMatch(/failed after 3 attempts: unreadable response: /);
  });

  it('rejects a 200 without a people array', async () => {
    const h = await harness({ reply: () => ({ status: 200, body: { contacts: [] } }) }, { retry: { maxAttempts: 1, baseDelayMs: 100, maxDelayMs: 1_000 } });
    const error = await failure(collect(h.client));
    expect(error.message).toBe('people search: page 1 failed after 1 attempt: response has no people array');
  });

  it('waits when the per-minute budget is spent', async () => {
    const h = await harness({ people: 30 }, { budget: { perMinute: 2, perDay: 100 } });
    const { pages, summary } = await collect(h.client, {}, { maxPages: 10, perPage: 10 });
    expect(pages).toHaveLength(3);
    expect(h.waits).toEqual([60_000]);
    expect(summary).toMatchObject({ requests: 3, throttledMs: 60_000, budgetExhausted: false });
    expect(h.saved.at(-1)).toEqual({ minuteWindowStart: T0 + 60_000, minuteCount: 1, dayWindowStart: Date.UTC(2025, 0, 6), dayCount: 3 });
  });

  it('counts retries against the rate budget too', async () => {
    const h = await harness({ people: 10, failFirst: 1 }, { budget: { perMinute: 100, perDay: 100 } });
    await collect(h.client);
    expect(h.saved.at(-1)?.dayCount).toBe(2);
  });

  it('stops early, without error, when the per-day budget is spent', async () => {
    const usedToday = { minuteWindowStart: T0 - 3_600_000, minuteCount: 5, dayWindowStart: Date.UTC(2025, 0, 6), dayCount: 4 };
    const h = await harness({ people: 30 }, { budget: { perMinute: 100, perDay: 6 } }, usedToday);
    const { pages, summary } = await collect(h.client, {}, { maxPages: 10, perPage: 10 });
    expect(pages.map((p) => p.page)).toEqual([1, 2]);
    expect(summary).toMatchObject({ stoppedBy: 'per-day budget', budgetExhausted: true, lastPage: 2, requests: 2 });
    expect(h.client.counters.budgetExhausted).toBe(true);
    expect(h.waits).toEqual([]);
  });

  it('sends nothing when the day budget was already spent', async () => {
    const spent = { minuteWindowStart: T0, minuteCount: 0, dayWindowStart: Date.UTC(2025, 0, 6), dayCount: 6 };
    const h = await harness({ people: 30 }, { budget: { perMinute: 100, perDay: 6 } }, spent);
    const { pages, summary } = await collect(h.client);
    expect(pages).toEqual([]);
    expect(summary).toMatchObject({ stoppedBy: 'per-day budget', budgetExhausted: true, requests: 0 });
    expect(h.server.requests).toHaveLength(0);
  });

  it('stops when the caller aborts', async () => {
    const controller = new AbortController();
    const h = await harness({ people: 30, delayMs: 1_000 });
    const pending = collect(h.client, {}, { maxPages: 10, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('activity cancelled')), 50);
    await expect(pending).rejects.toThrow('activity cancelled');
    expect(h.client.counters.retries).toBe(0);
  });
});
