import { EventEmitter } from 'node:events';
import { HttpException, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ApiKeyRecord, ApiKeyStore, KeyCheck } from '#libs/api-keys';
import { ACCESS_METADATA } from '#libs/http-api';
import type { Logger } from '#libs/logging';
import type { AuditTrail } from '../audit/audit-trail.js';
import { ApiKeyGuard } from './api-key.guard.js';

const record = (scope: ApiKeyRecord['scope']): ApiKeyRecord => ({ id: '0123456789abcdef', name: 't', scope, createdAt: '', lastUsedAt: null, revokedAt: null });

/** The guard around a key table of one entry (the SQL itself is exercised by api-keys.int-spec.ts). */
function setUp(check: KeyCheck, limits = { API_KEY_RATE_PER_SECOND: 1, API_KEY_RATE_BURST: 2 }) {
  const used: string[] = [];
  const audited: Array<Record<string, unknown>> = [];
  const keys = { check: async () => check, recordUse: async (id: string) => void used.push(id) } as unknown as ApiKeyStore;
  const audit = { record: async (e: Record<string, unknown>) => void audited.push(e) } as unknown as AuditTrail;
  const guard = new ApiKeyGuard(new Reflector(), keys, audit, limits, { warn() {}, error() {} } as unknown as Logger);
  const call = async (method: string, headers: Record<string, string>, access?: string) => {
    const handler = () => undefined;
    if (access) Reflect.defineMetadata(ACCESS_METADATA, access, handler);
    const res = Object.assign(new EventEmitter(), { statusCode: 200, headers: {} as Record<string, string>, setHeader(n: string, v: string) { this.headers[n] = v; } });
    const req = { method, headers, params: { id: 'c1' }, route: { path: '/campaigns/:id' }, path: '/campaigns/c1' };
    const context = {
      getType: () => 'http',
      getHandler: () => handler,
      getClass: () => class {},
      switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }),
    } as unknown as ExecutionContext;
    try {
      const ok = await guard.canActivate(context);
      return { ok, res };
    } catch (err) {
      const e = err as HttpException;
      res.statusCode = e.getStatus();
      return { ok: false, status: e.getStatus(), code: (e.getResponse() as { code: string }).code, res };
    }
  };
  return { call, used, audited };
}

describe('ApiKeyGuard', () => {
  it('lets public handlers through without a key, and nothing else', async () => {
    const { call } = setUp({ ok: false, reason: 'unknown' });
    expect((await call('POST', {}, 'public')).ok).toBe(true);
    expect(await call('GET', {})).toMatchObject({ status: 401, code: 'api_key_missing' });
    expect(await call('GET', { 'x-api-key': 'x' })).toMatchObject({ status: 401, code: 'api_key_invalid' });
  });

  it('names a revoked key as revoked', async () => {
    expect(await setUp({ ok: false, reason: 'revoked' }).call('GET', { 'x-api-key': 'k' })).toMatchObject({ status: 401, code: 'api_key_revoked' });
  });

  it('takes the scope from the method unless the handler names one', async () => {
    const read = setUp({ ok: true, key: record('read') }, { API_KEY_RATE_PER_SECOND: 100, API_KEY_RATE_BURST: 100 });
    expect((await read.call('GET', { 'x-api-key': 'k' })).ok).toBe(true);
    expect((await read.call('HEAD', { 'x-api-key': 'k' })).ok).toBe(true);
    expect(await read.call('DELETE', { 'x-api-key': 'k' })).toMatchObject({ status: 403, code: 'scope_insufficient' });
    const write = setUp({ ok: true, key: record('write') }, { API_KEY_RATE_PER_SECOND: 100, API_KEY_RATE_BURST: 100 });
    expect((await write.call('PATCH', { 'x-api-key': 'k' })).ok).toBe(true);
    expect(await write.call('GET', { 'x-api-key': 'k' }, 'admin')).toMatchObject({ status: 403, code: 'scope_insufficient' });
  });

  it('answers 429 with Retry-After once the key has used its burst', async () => {
    const { call } = setUp({ ok: true, key: record('admin') });
    await call('GET', { 'x-api-key': 'k' });
    await call('GET', { 'x-api-key': 'k' });
    const third = await call('GET', { 'x-api-key': 'k' });
    expect(third).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(third.res.headers['Retry-After']).toBe('1');
  });

  it('audits changes and refused changes once answered, not reads, and writes the last use once a minute', async () => {
    const { call, audited, used } = setUp({ ok: true, key: record('read') }, { API_KEY_RATE_PER_SECOND: 100, API_KEY_RATE_BURST: 100 });
    const read = await call('GET', { 'x-api-key': 'k' });
    read.res.emit('finish');
    const refused = await call('PATCH', { 'x-api-key': 'k' });
    refused.res.emit('finish');
    await new Promise((r) => setImmediate(r));
    expect(audited).toEqual([{ keyId: '0123456789abcdef', method: 'PATCH', route: '/campaigns/:id', target: { id: 'c1' }, status: 403 }]);
    expect(used).toEqual(['0123456789abcdef']);
  });
});
