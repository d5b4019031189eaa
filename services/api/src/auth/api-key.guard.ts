import { type CanActivate, type ExecutionContext, HttpException, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { ApiKeyStore, scopeAllows, TokenBuckets, type ApiKeyRecord } from '#libs/api-keys';
import { ACCESS_METADATA, scopeOfMethod, type Access } from '#libs/http-api';
import type { Logger } from '#libs/logging';
import { API_LOGGER } from '../api.config.js';
import { API_KEY_LIMITS, type ApiKeyLimits } from './api-key.config.js';
import { AuditTrail } from '../audit/audit-trail.js';

/** The key a request was made with, for handlers that record more (e.g. the id of a key it created). */
export type KeyedRequest = Request & { apiKey?: ApiKeyRecord; auditTarget?: Record<string, string> };

// The last-use time is written at most this often per key and process: a busy key would otherwise write per request.
const LAST_USE_EVERY_MS = 60_000;

/**
 * Every route needs an API key in the x-api-key header (never a cookie or query parameter, which browsers and logs
 * leak) whose scope covers the route: the one its contract declares, else read for GET/HEAD and write for the
 * rest. The only exceptions are handlers marked public. Each key is looked up per request, so a revocation takes
 * effect on the next one; changes made with a key are written to the audit trail once answered.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly buckets: TokenBuckets;
  private readonly lastUseWritten = new Map<string, number>();

  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyStore,
    private readonly audit: AuditTrail,
    @Inject(API_KEY_LIMITS) limits: ApiKeyLimits,
    @Inject(API_LOGGER) private readonly log: Logger,
  ) {
    this.buckets = new TokenBuckets(limits.API_KEY_RATE_PER_SECOND, limits.API_KEY_RATE_BURST);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_METADATA, [context.getHandler(), context.getClass()]);
    if (access === 'public') return true;
    const req = context.switchToHttp().getRequest<KeyedRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    const needed = access ?? scopeOfMethod(req.method);

    const presented = req.headers['x-api-key'];
    if (typeof presented !== 'string' || presented === '') {
      throw refusal(401, 'api_key_missing', 'send an API key in the x-api-key header', 'x-api-key', 'missing');
    }
    const checked = await this.keys.check(presented);
    if (!checked.ok) {
      if (checked.reason === 'revoked') throw refusal(401, 'api_key_revoked', 'this API key has been revoked', 'x-api-key', 'revoked');
      throw refusal(401, 'api_key_invalid', 'the API key is not valid', 'x-api-key', checked.reason === 'malformed' ? 'not an API key (aicmo_<id>_<secret>)' : 'unknown key');
    }
    const key = checked.key;
    req.apiKey = key;
    this.recordUse(key.id);
    // From here on the request is attributable: a change, or an attempt refused from here on, is audited.
    if (req.method !== 'GET' && req.method !== 'HEAD') this.auditWhenAnswered(req, res, key.id);

    const wait = this.buckets.take(key.id);
    if (wait !== null) {
      res.setHeader('Retry-After', String(wait));
      throw refusal(429, 'rate_limited', `too many requests with this key; retry in ${wait} s`, 'x-api-key', `rate limit reached; retry after ${wait} s`);
    }
    if (!scopeAllows(key.scope, needed)) {
      throw refusal(403, 'scope_insufficient', `this operation needs a key with scope ${needed}; key ${key.id} has ${key.scope}`, 'x-api-key', `needs scope ${needed}`);
    }
    return true;
  }

  private recordUse(keyId: string): void {
    const now = Date.now();
    if (now - (this.lastUseWritten.get(keyId) ?? 0) < LAST_USE_EVERY_MS) return;
    this.lastUseWritten.set(keyId, now);
    this.keys.recordUse(keyId).catch((err: unknown) => this.log.warn({ err: String(err), keyId }, 'recording the last use of an API key failed'));
  }

  private auditWhenAnswered(req: KeyedRequest, res: Response, keyId: string): void {
    res.once('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path ?? req.path;
      const target = { ...(req.params as Record<string, string>), ...req.auditTarget };
      this.audit
        .record({ keyId, method: req.method, route, target, status: res.statusCode })
        .catch((err: unknown) => this.log.error({ err: String(err), keyId, method: req.method, route }, 'writing the audit entry failed'));
    });
  }
}

function refusal(status: number, code: string, message: string, field: string, detail: string): HttpException {
  return new HttpException({ code, message, details: [{ field, message: detail }] }, status);
}
