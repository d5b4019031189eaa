import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a key may do: admin ⊇ write ⊇ read. */
export const API_KEY_SCOPES = ['read', 'write', 'admin'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

const rank: Record<ApiKeyScope, number> = { read: 0, write: 1, admin: 2 };

export function scopeAllows(held: ApiKeyScope, needed: ApiKeyScope): boolean {
  return rank[held] >= rank[needed];
}

export function isApiKeyScope(value: unknown): value is ApiKeyScope {
  return typeof value === 'string' && (API_KEY_SCOPES as readonly string[]).includes(value);
}

/** Reading is `read`; anything else changes something and needs `write` unless a route declares more. */
export function scopeForMethod(method: string): ApiKeyScope {
  return method === 'GET' || method === 'HEAD' ? 'read' : 'write';
}

/**
 * `aicmo_<id>_<secret>`: the id is public (logs, audit, revocation), the secret is 256 random bits shown once.
 * A random 256-bit secret cannot be guessed, so a plain SHA-256 of it is enough to store (no slow password hash).
 */
const KEY_PATTERN = /^aicmo_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface MintedApiKey {
  id: string;
  /** The whole key as the client sends it; never stored. */
  key: string;
  secretHash: Buffer;
}

export function mintApiKey(): MintedApiKey {
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { id, key: `aicmo_${id}_${secret}`, secretHash: hashSecret(secret) };
}

/** The id and secret of a presented key, or null when it does not even have the shape of one. */
export function parseApiKey(presented: string): { id: string; secret: string } | null {
  const m = KEY_PATTERN.exec(presented.trim());
  return m ? { id: m[1]!, secret: m[2]! } : null;
}

export function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/** Constant-time: how much of a hash matched never shows in the answer time. */
export function secretMatches(secret: string, storedHash: Buffer): boolean {
  const presented = hashSecret(secret);
  return storedHash.length === presented.length && timingSafeEqual(presented, storedHash);
}
