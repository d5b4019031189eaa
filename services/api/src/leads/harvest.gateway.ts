import { Inject, Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { API_CONFIG, type ApiConfig } from '../api.config.js';
import { ApiError } from '../api-errors.js';

/** An error answered by the harvest service, passed through with its code, status and details. */
export class ForwardedError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Array<{ field?: string; line?: number; message: string }>,
  ) {
    super(message);
  }
}

type Query = Record<string, string | number | undefined>;

/** The harvest service owns leads and imports; the API reaches them only through its HTTP endpoints. */
@Injectable()
export class HarvestGateway {
  constructor(@Inject(API_CONFIG) private readonly config: ApiConfig) {}

  get<T>(path: string, query: Query = {}, requestId?: string): Promise<T> {
    return this.send<T>('GET', path, query, undefined, requestId);
  }

  post<T>(path: string, body: unknown, requestId?: string): Promise<T> {
    return this.send<T>('POST', path, {}, JSON.stringify(body), requestId, 'application/json');
  }

  put<T>(path: string, body: unknown, requestId?: string): Promise<T> {
    return this.send<T>('PUT', path, {}, JSON.stringify(body), requestId, 'application/json');
  }

  /** Streams an upload through without buffering it. */
  stream<T>(path: string, query: Query, body: Readable, requestId?: string): Promise<T> {
    return this.send<T>('POST', path, query, body, requestId, 'text/csv');
  }

  private async send<T>(method: string, path: string, query: Query, body: string | Readable | undefined, requestId?: string, contentType?: string): Promise<T> {
    const url = new URL(path, this.config.HARVEST_URL);
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        body: body as never,
        headers: { ...(contentType ? { 'content-type': contentType } : {}), ...(requestId ? { 'x-request-id': requestId } : {}) },
        ...(body && typeof body !== 'string' ? { duplex: 'half' } : {}),
      } as RequestInit);
    } catch (err) {
      throw new ApiError('harvest_unavailable', `the harvest service cannot be reached: ${(err as Error).message}`);
    }
    const text = await res.text();
    const json = text ? safeJson(text) : undefined;
    if (!res.ok) {
      const e = (json ?? {}) as { code?: string; message?: string; details?: ForwardedError['details'] };
      throw new ForwardedError(res.status, e.code ?? 'harvest_error', e.message ?? `harvest answered ${res.status}`, e.details ?? []);
    }
    return json as T;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { message: text.slice(0, 500) };
  }
}
