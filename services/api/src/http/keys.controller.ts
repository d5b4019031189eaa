import { Body, Controller, Delete, Get, NotFoundException, Param, Post, Query, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { API_KEY_SCOPES, ApiKeyStore } from '#libs/api-keys';
import { Contract, contractPipe, type OperationContract } from '#libs/http-api';
import { AuditTrail } from '../audit/audit-trail.js';
import type { KeyedRequest } from '../auth/api-key.guard.js';
import { label, limit } from './schemas.js';

const keyId = z.string().regex(/^[0-9a-f]{16}$/, { error: 'must be an API key id (16 hex digits, the part after aicmo_)' });
const keyView = z.looseObject({
  id: z.string(),
  name: z.string(),
  scope: z.enum(API_KEY_SCOPES),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
const createBody = z.strictObject({ name: label(100).describe('Who or what uses the key'), scope: z.enum(API_KEY_SCOPES).describe('read: every GET; write: also changes; admin: also keys and settings') });

const create: OperationContract = {
  summary: 'Create an API key; its secret is in this answer only',
  access: 'admin',
  body: { content: { 'application/json': createBody } },
  ok: {
    status: 201,
    description: 'The key; send `key` as the x-api-key header. Only its hash is kept, so it cannot be shown again.',
    schema: keyView.extend({ key: z.string() }),
    links: { RevokeKey: { operationId: 'KeysController_revoke', parameters: { id: '$response.body#/id' } } },
  },
  errors: [413, 415],
};
const list: OperationContract = { summary: 'API keys (never their secrets), newest first, with last use and revocation', access: 'admin', ok: { status: 200, description: 'The keys', schema: z.array(keyView) } };
const revoke: OperationContract = {
  summary: 'Revoke an API key (idempotent); requests with it are refused from the next one on',
  access: 'admin',
  params: z.strictObject({ id: keyId }),
  ok: { status: 200, description: 'The revoked key', schema: keyView },
  errors: [404],
};
const auditQuery = z.strictObject({
  keyId: keyId.optional().describe('Only changes made with this key'),
  cursor: z.string().regex(/^[1-9]\d{0,17}$/, { error: 'must be a next value from the previous page' }).optional().describe('next from the previous page'),
  limit: limit(500, 50).optional(),
});
const audit: OperationContract = {
  summary: 'Audit trail: every change (and refused attempt) made with an API key, newest first (cursor pagination)',
  access: 'admin',
  query: auditQuery,
  ok: {
    status: 200,
    description: 'A page of entries; pass next as cursor for the next one',
    schema: z.looseObject({
      items: z.array(z.looseObject({ id: z.string(), keyId: z.string(), method: z.string(), route: z.string(), target: z.record(z.string(), z.string()), status: z.int(), at: z.string() })),
      next: z.string().nullable(),
    }),
  },
};

/** API keys and the audit trail of what was done with them: admin keys only. */
@ApiTags('keys')
@Controller()
export class KeysController {
  constructor(
    private readonly keys: ApiKeyStore,
    private readonly trail: AuditTrail,
  ) {}

  @Post('keys')
  @Contract(create)
  async create(@Body(contractPipe(create, 'body')) body: z.infer<typeof createBody>, @Req() req: KeyedRequest) {
    const created = await this.keys.create(body.name.trim(), body.scope);
    req.auditTarget = { createdKeyId: created.id };
    return created;
  }

  @Get('keys')
  @Contract(list)
  list() {
    return this.keys.list();
  }

  @Delete('keys/:id')
  @Contract(revoke)
  async revoke(@Param(contractPipe(revoke, 'params')) p: { id: string }) {
    const revoked = await this.keys.revoke(p.id);
    if (!revoked) throw new NotFoundException({ code: 'api_key_not_found', message: `no API key ${p.id}`, details: [{ field: 'id', message: 'unknown key' }] });
    return revoked;
  }

  @Get('audit')
  @Contract(audit)
  audit(@Query(contractPipe(audit, 'query')) q: z.infer<typeof auditQuery>) {
    return this.trail.list({ keyId: q.keyId, before: q.cursor, limit: q.limit ?? 50 });
  }
}
