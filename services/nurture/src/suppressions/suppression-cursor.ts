import { isSuppressionKind, type SuppressionKind } from './suppression-value.js';

/**
 * Opaque keyset cursor over the suppression list, newest first: (created_at, kind, value) of the last entry
 * shown. `createdAt` keeps PostgreSQL's microseconds, so entries made in the same millisecond are neither skipped
 * nor repeated.
 */
export interface SuppressionCursor {
  createdAt: string;
  kind: SuppressionKind;
  value: string;
}

const PRECISE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function encodeSuppressionCursor(c: SuppressionCursor): string {
  return Buffer.from(JSON.stringify([c.createdAt, c.kind, c.value])).toString('base64url');
}

export function decodeSuppressionCursor(raw: string): SuppressionCursor | null {
  if (raw.length > 2048) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 3) return null;
    const [createdAt, kind, value] = parsed as unknown[];
    if (typeof createdAt !== 'string' || !PRECISE_TIME.test(createdAt) || Number.isNaN(Date.parse(createdAt))) return null;
    if (!isSuppressionKind(kind) || typeof value !== 'string' || value === '') return null;
    return { createdAt, kind, value };
  } catch {
    return null;
  }
}
