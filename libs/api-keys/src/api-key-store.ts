import { mintApiKey, parseApiKey, secretMatches, type ApiKeyScope } from './api-key.js';

/** Runs one statement and returns its rows: TypeORM's `DataSource.query` or a pg client wrapped to match. */
export type Sql = (text: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>;

export interface ApiKeyRecord {
  id: string;
  name: string;
  scope: ApiKeyScope;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export type KeyCheck = { ok: true; key: ApiKeyRecord } | { ok: false; reason: 'malformed' | 'unknown' | 'revoked' };

const columns = `id, name, scope, created_at, last_used_at, revoked_at`;

/** The API keys in the API service's schema (api.api_keys); only a hash of each secret is kept. */
export class ApiKeyStore {
  constructor(private readonly sql: Sql) {}

  /** A new key; the returned `key` is the only time its secret exists outside the caller. */
  async create(name: string, scope: ApiKeyScope): Promise<ApiKeyRecord & { key: string }> {
    const minted = mintApiKey();
    const [row] = await this.sql(`INSERT INTO api.api_keys (id, name, scope, secret_hash) VALUES ($1, $2, $3, $4) RETURNING ${columns}`, [minted.id, name, scope, minted.secretHash]);
    return { ...toRecord(row!), key: minted.key };
  }

  async list(): Promise<ApiKeyRecord[]> {
    return (await this.sql(`SELECT ${columns} FROM api.api_keys ORDER BY created_at DESC, id`)).map(toRecord);
  }

  async get(id: string): Promise<ApiKeyRecord | null> {
    const [row] = await this.sql(`SELECT ${columns} FROM api.api_keys WHERE id = $1`, [id]);
    return row ? toRecord(row) : null;
  }

  /** Revokes the key (idempotent: an already revoked key keeps its first revocation time); null if unknown. */
  async revoke(id: string): Promise<ApiKeyRecord | null> {
    const [row] = await this.sql(`UPDATE api.api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING ${columns}`, [id]);
    return row ? toRecord(row) : null;
  }

  /** Checks a presented key against the stored hash (in constant time) and its revocation. */
  async check(presented: string): Promise<KeyCheck> {
    const parsed = parseApiKey(presented);
    if (!parsed) return { ok: false, reason: 'malformed' };
    const [row] = await this.sql(`SELECT ${columns}, secret_hash FROM api.api_keys WHERE id = $1`, [parsed.id]);
    if (!row || !secretMatches(parsed.secret, row.secret_hash as Buffer)) return { ok: false, reason: 'unknown' };
    const key = toRecord(row);
    return key.revokedAt ? { ok: false, reason: 'revoked' } : { ok: true, key };
  }

  async recordUse(id: string): Promise<void> {
    await this.sql(`UPDATE api.api_keys SET last_used_at = now() WHERE id = $1`, [id]);
  }
}

function toRecord(row: Record<string, unknown>): ApiKeyRecord {
  return {
    id: row.id as string,
    name: row.name as string,
    scope: row.scope as ApiKeyScope,
    createdAt: iso(row.created_at)!,
    lastUsedAt: iso(row.last_used_at),
    revokedAt: iso(row.revoked_at),
  };
}

function iso(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return (v instanceof Date ? v : new Date(String(v))).toISOString();
}
