/**
 * A local Apollo-style people-search server for tests: real node:http on 127.0.0.1, port 0, speaking the wire
 * shape in people-search.types.ts. Behaviour is programmable (and can be changed mid-run with `set`), so unit
 * specs and the harvest integration tests can play a healthy, throttling, failing or slow provider.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PEOPLE_SEARCH_PATH, type ApolloPerson, type ApolloSearchResponse } from '../../../services/harvest/src/people-search/people-search.types.js';

export interface FakeReply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  delayMs?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body (undefined when it was not JSON). */
  body: unknown;
  receivedAt: number;
}

export interface PeopleSearchServerOptions {
  /** Key expected in X-Api-Key; anything else gets 401. null accepts any key. Default 'test-key'. */
  apiKey?: string | null;
  /** The people to page through: a count of generated people (fakePerson) or an explicit list. Default 250. */
  people?: number | ApolloPerson[];
  /** Answer the first K requests (since start or the last `set`) with 429. */
  rateLimitFirst?: number;
  /** Retry-After header on those 429s (seconds or an HTTP-date); null omits it. Default '1'. */
  retryAfter?: string | null;
  /** Then answer the next F requests with failStatus (default 500). */
  failFirst?: number;
  failStatus?: number;
  /** Answer every request with this status, e.g. 401 (bad key) or 503 (provider down). */
  status?: number;
  /** Delay every response by this much (a slow provider). */
  delayMs?: number;
  /** Listen on this port (integration tests point the harvest service at a known port). Default: any free port. */
  port?: number;
  /** Full control: return a reply to override everything else for this request. */
  reply?: (request: RecordedRequest, index: number) => FakeReply | undefined;
}

export interface PeopleSearchServer {
  url: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Change behaviour mid-run; restarts the rateLimitFirst/failFirst sequence. */
  set(options: Partial<PeopleSearchServerOptions>): void;
  close(): Promise<void>;
}

const DEFAULT_KEY = 'test-key';

/** A deterministic generated person; n is 1-based. */
export function fakePerson(n: number, overrides: Partial<ApolloPerson> = {}): ApolloPerson {
  const company = n % 10;
  return {
    id: `person-${n}`,
    first_name: `First${n}`,
    last_name: `Last${n}`,
    name: `First${n} Last${n}`,
    title: ['VP Sales', 'Head of Marketing', 'CTO', 'Sales Manager'][n % 4],
    email: `first${n}.last${n}@company${company}.example`,
    email_status: 'verified',
    linkedin_url: `https://www.linkedin.com/in/first${n}-last${n}`,
    city: ['Berlin', 'London', 'Austin'][n % 3],
    // Names, as Apollo gives them; the London people have none, so some leads arrive without a region.
    state: ['Berlin', null, 'Texas'][n % 3] ?? null,
    country: ['Germany', 'United Kingdom', 'United States'][n % 3],
    organization: {
      name: `Company ${company}`,
      primary_domain: `company${company}.example`,
      industry: company % 2 ? 'computer software' : 'marketing & advertising',
      estimated_num_employees: 10 * (company + 1),
      technology_names: company % 2 ? ['Salesforce', 'Slack'] : ['HubSpot'],
    },
    ...overrides,
  };
}

export async function startPeopleSearchServer(options: PeopleSearchServerOptions = {}): Promise<PeopleSearchServer> {
  let behaviour: PeopleSearchServerOptions = { ...options };
  let sequence = 0; // requests since start or the last set(), for rateLimitFirst/failFirst
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const peopleList = (): ApolloPerson[] => {
    const people = behaviour.people ?? 250;
    return typeof people === 'number' ? Array.from({ length: people }, (_, i) => fakePerson(i + 1)) : people;
  };

  const decide = (req: RecordedRequest, index: number): FakeReply => {
    const custom = behaviour.reply?.(req, index);
    if (custom) return custom;
    if (behaviour.status !== undefined) return errorReply(behaviour.status);
    if (req.method !== 'POST' || req.path !== PEOPLE_SEARCH_PATH) return { status: 404, body: { error: 'Not found' } };
    const expected = behaviour.apiKey === undefined ? DEFAULT_KEY : behaviour.apiKey;
    if (expected !== null && req.headers['x-api-key'] !== expected) return errorReply(401);
    const n = sequence++;
    const limited = behaviour.rateLimitFirst ?? 0;
    if (n < limited) {
      const retryAfter = behaviour.retryAfter === undefined ? '1' : behaviour.retryAfter;
      return { ...errorReply(429), headers: retryAfter === null ? {} : { 'Retry-After': retryAfter } };
    }
    if (n < limited + (behaviour.failFirst ?? 0)) return errorReply(behaviour.failStatus ?? 500);
    if (typeof req.body !== 'object' || req.body === null) return { status: 422, body: { error: 'Request body must be JSON' } };
    return { status: 200, body: searchPage(peopleList(), req.body as { page?: unknown; per_page?: unknown }) };
  };

  const server = createServer((incoming, res) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (c: Buffer) => chunks.push(c));
    incoming.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const recorded: RecordedRequest = {
        method: incoming.method ?? '',
        path: (incoming.url ?? '').split('?')[0],
        headers: incoming.headers,
        body: parseJson(raw),
        receivedAt: Date.now(),
      };
      requests.push(recorded);
      const reply = decide(recorded, requests.length - 1);
      const delay = reply.delayMs ?? behaviour.delayMs ?? 0;
      if (delay <= 0) return send(res, reply);
      const timer = setTimeout(() => {
        timers.delete(timer);
        send(res, reply);
      }, delay);
      timers.add(timer);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    set(next) {
      behaviour = { ...behaviour, ...next };
      sequence = 0;
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections(); // a slow reply must not keep the test process alive
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function searchPage(people: ApolloPerson[], body: { page?: unknown; per_page?: unknown }): ApolloSearchResponse {
  const page = Math.max(1, Number(body.page) || 1);
  const perPage = Math.min(100, Math.max(1, Number(body.per_page) || 10));
  return {
    people: people.slice((page - 1) * perPage, page * perPage),
    pagination: { page, per_page: perPage, total_entries: people.length, total_pages: Math.ceil(people.length / perPage) },
  };
}

const ERROR_BODIES: Record<number, unknown> = {
  401: { error: 'Invalid access credentials.' },
  403: { error: 'This endpoint is not available on your plan.' },
  422: { error: 'Invalid parameters' },
  429: { message: 'The maximum number of api calls allowed for api/v1/mixed_people/search is 200 times per minute.' },
};

function errorReply(status: number): FakeReply {
  return { status, body: ERROR_BODIES[status] ?? { error: `Fake server error ${status}` } };
}

function send(res: ServerResponse, reply: FakeReply): void {
  if (res.destroyed) return;
  const body = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  res.writeHead(reply.status, { 'Content-Type': 'application/json', ...reply.headers });
  res.end(body);
}

function parseJson(raw: string): unknown {
  try {
    return raw ? (JSON.parse(raw) as unknown) : undefined;
  } catch {
    return undefined;
  }
}
