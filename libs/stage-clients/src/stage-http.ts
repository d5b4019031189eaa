import type { Readable } from 'node:stream';

export type ServiceErrorDetail = { field?: string; line?: number; column?: number; message: string };

/**
 * A failed call to another service, naming the service and the route so a stage report or an API answer says where.
 * `status` is null when the service could not be reached (or did not answer in time); `code` and `details` are
 * the service's own error body when it sent one.
 */
export class StageCallError extends Error {
  constructor(
    readonly service: string,
    readonly route: string,
    readonly status: number | null,
    message: string,
    readonly code?: string,
    readonly details: ServiceErrorDetail[] = [],
    /** The service's own message, without the service and route prefix (for passing an error through). */
    readonly serviceMessage: string = message,
  ) {
    super(`${service} ${route}: ${message}`);
    this.name = 'StageCallError';
  }
}

export type ServiceQuery = Record<string, string | number | undefined>;

export interface ServiceRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: ServiceQuery;
  /** Text is sent as it is; a stream is passed through without buffering. */
  body?: string | Readable;
  contentType?: string;
  requestId?: string;
  /** Covers the whole exchange, upload and answer included. */
  timeoutMs?: number;
}

/** Internal calls answer in well under a minute; a caller that streams a large upload passes a longer limit. */
export const DEFAULT_SERVICE_TIMEOUT_MS = 60_000;

/** The header the shared internal token travels in (the called service checks it; see libs/http-api). */
const INTERNAL_TOKEN_HEADER = 'x-internal-token';

/**
 * The one HTTP client for service-to-service calls: every call has a timeout, every failure a StageCallError, and
 * every call carries the shared internal token when the caller's config has one.
 */
export class ServiceHttpClient {
  constructor(
    readonly service: string,
    readonly baseUrl: string,
    private readonly timeoutMs = DEFAULT_SERVICE_TIMEOUT_MS,
    private readonly internalToken?: string,
  ) {}

  async request<T>(r: ServiceRequest): Promise<T> {
    const url = new URL(r.path, this.baseUrl);
    for (const [k, v] of Object.entries(r.query ?? {})) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
    const timeoutMs = r.timeoutMs ?? this.timeoutMs;
    let res: Response;
    let text: string;
    try {
      res = await fetch(url, {
        method: r.method,
        body: r.body as never,
        headers: {
          ...(r.contentType ? { 'content-type': r.contentType } : {}),
          ...(r.requestId ? { 'x-request-id': r.requestId } : {}),
          ...(this.internalToken ? { [INTERNAL_TOKEN_HEADER]: this.internalToken } : {}),
        },
        signal: AbortSignal.timeout(timeoutMs),
        ...(r.body && typeof r.body !== 'string' ? { duplex: 'half' } : {}),
      } as RequestInit);
      text = await res.text();
    } catch (err) {
      const reason = (err as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : `unreachable at ${this.baseUrl}: ${(err as Error).message}`;
      throw new StageCallError(this.service, r.path, null, reason);
    }
    const json = text ? parseJson(text) : undefined;
    if (!res.ok) {
      const e = (json && typeof json === 'object' ? json : { message: text.slice(0, 300) }) as { code?: string; message?: string; details?: ServiceErrorDetail[] };
      const message = e.message || `answered ${res.status}`;
      throw new StageCallError(this.service, r.path, res.status, `HTTP ${res.status}: ${message}`, e.code, Array.isArray(e.details) ? e.details : [], message);
    }
    return json as T;
  }

  postJson<T>(path: string, body: unknown, requestId?: string): Promise<T> {
    return this.request<T>({ method: 'POST', path, body: JSON.stringify(body), contentType: 'application/json', requestId });
  }
}

/** POSTs JSON to another service's internal route; a stage activity retries through Temporal on failure. */
export function postStageJson<T>(service: string, baseUrl: string, route: string, body: unknown, timeoutMs = DEFAULT_SERVICE_TIMEOUT_MS, internalToken?: string): Promise<T> {
  return new ServiceHttpClient(service, baseUrl, timeoutMs, internalToken).postJson<T>(route, body);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
