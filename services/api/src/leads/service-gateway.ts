import { Inject, Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { API_CONFIG, type ApiConfig } from '../api.config.js';
import { ApiError } from '../api-errors.js';
import { ServiceHttpClient, StageCallError, type ServiceErrorDetail, type ServiceQuery, type ServiceRequest } from '#libs/stage-clients';

/** An error answered by a stage service, passed through with its code, status and details. */
export class ForwardedError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ServiceErrorDetail[],
  ) {
    super(message);
  }
}

export type StageServiceName = 'harvest' | 'scoring' | 'qualification' | 'routing' | 'nurture' | 'engagement';

/** A shadow report reads a whole campaign; uploads stream through, and a 100 MB file may take minutes to hand over. */
const CALL_TIMEOUT_MS = 2 * 60_000;
const UPLOAD_TIMEOUT_MS = 15 * 60_000;

/**
 * Each stage service owns its data; the API reaches it only through the service's internal HTTP routes (the shared
 * ServiceHttpClient, with its timeouts) and passes its answers, and its coded errors, through.
 */
export class ServiceGateway {
  private readonly http: ServiceHttpClient;

  constructor(
    readonly service: StageServiceName,
    baseUrl: string,
    internalToken?: string,
  ) {
    this.http = new ServiceHttpClient(service, baseUrl, CALL_TIMEOUT_MS, internalToken);
  }

  get<T>(path: string, query: ServiceQuery = {}, requestId?: string): Promise<T> {
    return this.send<T>({ method: 'GET', path, query, requestId });
  }

  post<T>(path: string, body: unknown, requestId?: string): Promise<T> {
    return this.send<T>({ method: 'POST', path, body: JSON.stringify(body), contentType: 'application/json', requestId });
  }

  put<T>(path: string, body: unknown, requestId?: string): Promise<T> {
    return this.send<T>({ method: 'PUT', path, body: JSON.stringify(body), contentType: 'application/json', requestId });
  }

  delete<T>(path: string, requestId?: string): Promise<T> {
    return this.send<T>({ method: 'DELETE', path, requestId });
  }

  /** A body passed on as it came: JSON re-serialised, YAML text as text. */
  postRaw<T>(path: string, body: unknown, query: ServiceQuery = {}, requestId?: string): Promise<T> {
    return typeof body === 'string'
      ? this.send<T>({ method: 'POST', path, query, body, contentType: 'application/yaml', requestId })
      : this.send<T>({ method: 'POST', path, query, body: JSON.stringify(body ?? {}), contentType: 'application/json', requestId });
  }

  /** Streams an upload through without buffering it. */
  stream<T>(path: string, query: ServiceQuery, body: Readable, requestId?: string): Promise<T> {
    return this.send<T>({ method: 'POST', path, query, body, contentType: 'text/csv', requestId, timeoutMs: UPLOAD_TIMEOUT_MS });
  }

  private async send<T>(request: ServiceRequest): Promise<T> {
    try {
      return await this.http.request<T>(request);
    } catch (err) {
      if (!(err instanceof StageCallError)) throw err;
      if (err.status === null) throw new ApiError('service_unavailable', `the ${this.service} service cannot be reached: ${err.serviceMessage}`);
      throw new ForwardedError(err.status, err.code ?? `${this.service}_error`, err.serviceMessage, err.details);
    }
  }
}

@Injectable()
export class HarvestGateway extends ServiceGateway {
  constructor(@Inject(API_CONFIG) config: ApiConfig) {
    super('harvest', config.HARVEST_URL, config.INTERNAL_API_TOKEN);
  }
}

@Injectable()
export class ScoringGateway extends ServiceGateway {
  constructor(@Inject(API_CONFIG) config: ApiConfig) {
    super('scoring', config.SCORING_URL, config.INTERNAL_API_TOKEN);
  }
}

@Injectable()
export class QualificationGateway extends ServiceGateway {
  constructor(@Inject(API_CONFIG) config: ApiConfig) {
    super('qualification', config.QUALIFICATION_URL, config.INTERNAL_API_TOKEN);
  }
}

@Injectable()
export class RoutingGateway extends ServiceGateway {
  constructor(@Inject(API_CONFIG) config: ApiConfig) {
    super('routing', config.ROUTING_URL, config.INTERNAL_API_TOKEN);
  }
}

@Injectable()
export class NurtureGateway extends ServiceGateway {
  constructor(@Inject(API_CONFIG) config: ApiConfig) {
    super('nurture', config.NURTURE_URL, config.INTERNAL_API_TOKEN);
  }
}

@Injectable()
export class EngagementGateway extends ServiceGateway {
  constructor(@Inject(API_CONFIG) config: ApiConfig) {
    super('engagement', config.ENGAGEMENT_URL, config.INTERNAL_API_TOKEN);
  }
}
