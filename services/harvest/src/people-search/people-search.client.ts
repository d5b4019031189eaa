/**
 * Apollo-style people-search connector (wire shape: people-search.types.ts). Pages through a search, honouring
 * 429 + Retry-After and our own per-minute/per-day budgets, and retries transient failures within a budget.
 * Time, sleeping and jitter are injected, so tests drive it over real HTTP without real waiting.
 * One client per pull: its counters accumulate over its lifetime.
 */
import {
  nextRetryDelay,
  parseRetryAfter,
  takeRequest,
  type RateLimits,
  type RateUsage,
  type RetryPolicy,
} from '#libs/source-fallback';
import { PeopleSearchError } from './people-search.errors.js';
import { mapPeople, toSearchRequest } from './people-search.mapper.js';
import {
  PEOPLE_SEARCH_PATH,
  type ApolloSearchRequest,
  type ApolloSearchResponse,
  type PeopleSearchFilter,
  type PeopleSearchPage,
} from './people-search.types.js';
/** Apollo serves at most 100 people per page. */
export const MAX_PER_PAGE = 100;

export interface PeopleSearchClientOptions {
  baseUrl: string;
  apiKey: string;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source for backoff; without it backoff is plain exponential (deterministic). */
  random?: () => number;
  retry: RetryPolicy;
  budget: RateLimits;
  /** Rate-budget counters are stored by the caller, per API key, so separate pulls share one budget. */
  loadUsage: () => RateUsage | undefined | Promise<RateUsage | undefined>;
  saveUsage: (usage: RateUsage) => void | Promise<void>;
  now: () => number;
  /** A request (headers and body) taking longer than this counts as a transient failure. Default 30 s. */
  requestTimeoutMs?: number;
  path?: string;
}

export interface PeopleSearchOptions {
  maxPages: number;
  perPage?: number;
  /** Resume from this page (e.g. from activity heartbeat details). Default 1. */
  startPage?: number;
  signal?: AbortSignal;
}

export interface PeopleSearchCounters {
  requests: number;
  retries: number;
  /** Time waited for rate limits: our per-minute budget and the server's 429 Retry-After. */
  throttledMs: number;
  /** Time waited backing off after 5xx, timeouts and network errors. */
  backoffMs: number;
  pages: number;
  leads: number;
  skippedNoEmail: number;
  /** The per-day budget stopped a search early. */
  budgetExhausted: boolean;
}

export type PeopleSearchStop = 'end-of-results' | 'max-pages' | 'per-day budget';

export interface PeopleSearchSummary extends PeopleSearchCounters {
  stoppedBy: PeopleSearchStop;
  /** Last page yielded, if any; resume from lastPage + 1. */
  lastPage?: number;
}

type Attempt =
  | { ok: true; body: ApolloSearchResponse }
  | { ok: false; reason: string; status?: number; retryAfterMs?: number; throttled: boolean };

const emptyCounters = (): PeopleSearchCounters => ({
  requests: 0,
  retries: 0,
  throttledMs: 0,
  backoffMs: 0,
  pages: 0,
  leads: 0,
  skippedNoEmail: 0,
  budgetExhausted: false,
});

export class PeopleSearchClient {
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly url: string;
  private readonly totals = emptyCounters();

  constructor(private readonly options: PeopleSearchClientOptions) {
    this.fetchImpl = options.fetch ?? globalThis.fetch;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.url = options.baseUrl.replace(/\/+$/, '') + (options.path ?? PEOPLE_SEARCH_PATH);
  }

  /** Totals over this client's lifetime (a copy). */
  get counters(): PeopleSearchCounters {
    return { ...this.totals };
  }

  /**
   * Yields one page of mapped leads per request. Stops at the last page, at maxPages, or early (normally, with
   * budgetExhausted) when the per-day budget is spent. Throws PeopleSearchError for auth/filter errors and when
   * the retry budget runs out; the returned summary counts this search only.
   */
  async *searchPeople(filter: PeopleSearchFilter, opts: PeopleSearchOptions): AsyncGenerator<PeopleSearchPage, PeopleSearchSummary> {
    const perPage = Math.min(Math.max(1, Math.floor(opts.perPage ?? MAX_PER_PAGE)), MAX_PER_PAGE);
    const first = Math.max(1, Math.floor(opts.startPage ?? 1));
    const last = first + Math.max(0, Math.floor(opts.maxPages)) - 1;
    const run = emptyCounters();
    const bump = (key: Exclude<keyof PeopleSearchCounters, 'budgetExhausted'>, n = 1) => {
      run[key] += n;
      this.totals[key] += n;
    };
    let stoppedBy: PeopleSearchStop = 'max-pages';
    let lastPage: number | undefined;

    for (let page = first; page <= last; page++) {
      const body = await this.requestPage(toSearchRequest(filter, page, perPage), bump, opts.signal);
      if (body === 'budget-exhausted') {
        run.budgetExhausted = this.totals.budgetExhausted = true;
        stoppedBy = 'per-day budget';
        break;
      }
      const { leads, skippedNoEmail } = mapPeople(body.people);
      const totalPages = body.pagination?.total_pages ?? page;
      bump('pages');
      bump('leads', leads.length);
      bump('skippedNoEmail', skippedNoEmail);
      lastPage = page;
      yield { page, totalPages, totalEntries: body.pagination?.total_entries ?? body.people.length, leads, skippedNoEmail };
      if (body.people.length === 0 || page >= totalPages) {
        stoppedBy = 'end-of-results';
        break;
      }
    }
    return { ...run, stoppedBy, lastPage };
  }

  /** One page, with budget checks before every attempt and retries within the retry budget. */
  private async requestPage(
    request: ApolloSearchRequest,
    bump: (key: 'requests' | 'retries' | 'throttledMs' | 'backoffMs', n?: number) => void,
    signal?: AbortSignal,
  ): Promise<ApolloSearchResponse | 'budget-exhausted'> {
    for (let attempt = 1; ; attempt++) {
      if (!(await this.takeBudget(bump, signal))) return 'budget-exhausted';
      bump('requests');
      const result = await this.attempt(request, signal);
      if (result.ok) return result.body;

      const delay = nextRetryDelay(this.options.retry, attempt, result.retryAfterMs, this.options.random);
      if (delay === null) {
        const tooLong =
          result.retryAfterMs !== undefined && result.retryAfterMs > this.options.retry.maxDelayMs
            ? ` (server asked to wait ${Math.ceil(result.retryAfterMs / 1000)} s, more than the ${Math.ceil(this.options.retry.maxDelayMs / 1000)} s allowed)`
            : '';
        throw new PeopleSearchError(
          'retry-budget-exhausted',
          `people search: page ${request.page} failed after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${result.reason}${tooLong}`,
          true,
          result.status,
          attempt,
        );
      }
      bump('retries');
      bump(result.throttled ? 'throttledMs' : 'backoffMs', delay);
      await this.sleep(delay);
      signal?.throwIfAborted();
    }
  }

  /** Wait out the per-minute budget; false when the per-day budget is spent (the caller stops early). */
  private async takeBudget(bump: (key: 'throttledMs', n: number) => void, signal?: AbortSignal): Promise<boolean> {
    for (;;) {
      signal?.throwIfAborted();
      const decision = takeRequest(await this.options.loadUsage(), this.options.budget, this.options.now());
      if (decision.allowed) {
        await this.options.saveUsage(decision.usage);
        return true;
      }
      if (decision.reason === 'per-day budget') return false;
      bump('throttledMs', decision.waitMs);
      await this.sleep(decision.waitMs);
    }
  }

  private async attempt(request: ApolloSearchRequest, signal?: AbortSignal): Promise<Attempt> {
    const timeout = AbortSignal.timeout(this.options.requestTimeoutMs ?? 30_000);
    let res: Response;
    try {
      res = await this.fetchImpl(this.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json',
          'Cache-Control': 'no-cache',
          'X-Api-Key': this.options.apiKey,
        },
        body: JSON.stringify(request),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      if (res.ok) {
        const body = (await res.json()) as unknown;
        return isSearchResponse(body) ? { ok: true, body } : { ok: false, reason: 'response has no people array', status: res.status, throttled: false };
      }
    } catch (error) {
      signal?.throwIfAborted(); // cancelled by the caller: not a failure to retry
      if (timeout.aborted) return { ok: false, reason: `timed out after ${this.options.requestTimeoutMs ?? 30_000} ms`, throttled: false };
      // A 2xx with a broken body (a proxy's HTML page, a cut-off stream) is treated as transient too.
      if (errorName(error) === 'SyntaxError') return { ok: false, reason: `unreadable response: ${describe(error)}`, throttled: false };
      return { ok: false, reason: `network error: ${describe(error)}`, throttled: false };
    }
    return this.failure(res);
  }

  private async failure(res: Response): Promise<Attempt> {
    const detail = await res.text().then(snippet, () => '');
    const status = res.status;
    const reason = `HTTP ${status}${detail ? ` ${detail}` : ''}`;
    if (status === 429) {
      return { ok: false, reason, status, retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), this.options.now()), throttled: true };
    }
    if (status === 408 || status >= 500) return { ok: false, reason, status, throttled: false };
    // Never echo the key; the host tells the operator which connector config to fix.
    const host = new URL(this.url).host;
    if (status === 401) throw new PeopleSearchError('unauthorized', `people search: API key rejected by ${host} (${reason})`, false, status);
    if (status === 403) throw new PeopleSearchError('forbidden', `people search: API key not allowed to search people on ${host} (${reason})`, false, status);
    if (status === 422) throw new PeopleSearchError('invalid-request', `people search: filter rejected by ${host} (${reason})`, false, status);
    throw new PeopleSearchError('http-error', `people search: unexpected response from ${host} (${reason})`, false, status);
  }
}

function isSearchResponse(body: unknown): body is ApolloSearchResponse {
  return typeof body === 'object' && body !== null && Array.isArray((body as { people?: unknown }).people);
}

/** Error bodies are short JSON messages; keep one line of them for the run report. */
function snippet(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 200 ? `${oneLine.slice(0, 200)}…` : oneLine;
}

// Duck-typed, not instanceof: fetch's errors can come from another realm (e.g. under Jest's VM modules).
function errorName(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : undefined;
}

function describe(error: unknown): string {
  if (typeof error !== 'object' || error === null || !('message' in error)) return String(error);
  const cause = 'cause' in error ? error.cause : undefined;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? ` (${String(cause.code)})` : '';
  return `${String(error.message)}${code}`;
}
