import { Inject, Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { API_CONFIG, type ApiConfig } from '../api.config.js';
import { ApiError } from '../api-errors.js';

/** An error answered by a stage service, passed through with its code, status and details. */
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

export type StageServiceName = 'harvest' | 'scoring' | 'qualification' | 'routing';

/**
 * Each stage service owns its data; the API reaches it only through the service's internal HTTP routes and passes
 * its answers (and its coded errors) through.
 */
export class ServiceGateway {
  constructor(
    readonly service: StageServiceName,
    private readonly baseUrl: string,
  ) {}

  get<T>(path: string, query: Query = {}, requestId?: string): Promise<T> {
    return this.send<T>('GET', path, query, undefined, requestId);
  }

  post<T>(path: string, body: unknown, requestId?: string): Promise<T> {
    return this.send<T>('POST', path, {}, JSON.stringify(body), requestId, 'application/json');
  }

  put<T>(path: string, body: unknown, requestId?: string): Promise<T> {
    return this.send<T>('PUT', path, {}, JSON.stringify(body), requestId, 'application/json');
  }

  delete<T>(path: string, requestId?: string): Promise<T> {
    return this.send<T>('DELETE', path, {}, undefined, requestId);
  }

  /** A body passed on as it came: JSON re-serialised, YAML text as text. */
  postRaw<T>(path: string, body: unknown, query: Query = {}, requestId?: string): Promise<T> {
    return typeof body === 'string'
      ? this.send<T>('POST', path, query, body, requestId, 'application/yaml')
      : this.send<T>('POST', path, query, JSON.stringify(body ?? {}), requestId, 'application/json');
  }

  /** Streams an upload through without buffering it. */
  stream<T>(path: string, query: Query, body: Readable, requestId?: string): Promise<T> {
    return this.send<T>('POST', path, query, body, requestId, 'text/csv');
  }

  private async send<T>(method: string, path: string, query: Query, body: string | Readable | undefined, requestId?: string, contentType?: string): Promise<T> {
    const url = new URL(path, this.baseUrl);
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
      throw new ApiError('service_unavailable', `the ${this.service} service cannot be reached: ${(err as Error).message}`);
    }
    const text = await res.text();
    const json = text ? safeJson(text) : undefined;
    if (!res.ok) {
      const e = (json ?? {}) as { code?: string; message?: string; details?: ForwardedError['details'] };
      throw new ForwardedError(res.status, e.code ?? `${this.service}_error`, e.message ?? `${this.service} answered ${res.status}`, e.details ?? []);
    }
    return json as T;
  }
}

@Injectable()
export class HarvestGateway extends ServiceGateway {
  constructor(@Inject(API_CONFIG) config: ApiConfig) {
    super('harvest', config.HARVEST_URL);
  }
}

@Injectable()
export class ScoringGateway extends ServiceGateway {
  constructor(@Inject(API_CONFIG) config: ApiConfig) {
    super('scoring', config.SCORING_URL);
  }
}

@Injectable()
export class QualificationGateway extends ServiceGateway {
  constructor(@Inject(API_CONFIG) config: ApiConfig) {
    super('qualification', config.QUALIFICATION_URL);
  }
}

@Injectable()
export class RoutingGateway extends ServiceGateway {
  constructor(@Inject(API_CONFIG) config: ApiConfig) {
    super('routing', config.ROUTING_URL);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { message: text.slice(0, 500) };
  }
}
