import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { normaliseEmail } from '#libs/lead-intake';
import { decodeSuppressionCursor } from './suppression-cursor.js';
import { invalidSuppression, SuppressionError } from './suppression-errors.js';
import { SuppressionList, type SuppressionCheck } from './suppression-list.js';
import { isSuppressionKind, normaliseSuppression, type SuppressionKind } from './suppression-value.js';

const REASON_MAX = 500;
/** A page of leads is at most this many; the check is one query whatever the count. */
export const CHECK_MAX_EMAILS = 10_000;
const LIST_MAX = 500;

/**
 * Internal: the global do-not-contact list. The API's `/suppressions` forwards here; qualification asks `check`
 * once per page of leads; the sender reads the table in its claim transaction.
 */
@Controller('internal/suppressions')
export class SuppressionsController {
  constructor(private readonly suppressions: SuppressionList) {}

  @Get()
  list(@Query('cursor') cursor?: string, @Query('limit') limit?: string, @Query('kind') kind?: string) {
    const after = cursor ? decodeSuppressionCursor(cursor) : null;
    if (cursor && !after) throw invalidSuppression('cursor', 'cursor is not one this service gave out');
    if (kind !== undefined && !isSuppressionKind(kind)) throw invalidSuppression('kind', 'kind must be "address" or "domain"');
    return this.suppressions.list({ after, limit: limitOf(limit), kind: kind as SuppressionKind | undefined });
  }

  /**
   * Which of these emails are suppressed, by address or by domain. Each is compared in its stored form, and the
   * answer names them as they were sent, so the caller can match them to its leads.
   */
  @Post('check')
  @HttpCode(200)
  async check(@Body() body: unknown): Promise<SuppressionCheck> {
    const b = objectBody(body, ['emails']);
    if (!Array.isArray(b.emails) || b.emails.length > CHECK_MAX_EMAILS || !b.emails.every((e) => typeof e === 'string')) {
      throw invalidSuppression('emails', `emails must be a list of at most ${CHECK_MAX_EMAILS} email addresses (strings)`);
    }
    const asSent = new Map<string, string[]>();
    for (const raw of b.emails as string[]) {
      const parsed = normaliseEmail(raw);
      // An address lead-intake cannot read is still compared as written: its domain may be listed.
      const stored = parsed.ok ? parsed.email : raw.trim().toLowerCase();
      asSent.set(stored, [...(asSent.get(stored) ?? []), raw]);
    }
    const found = await this.suppressions.check([...asSent.keys()]);
    const matches = found.matches.flatMap((m) => (asSent.get(m.email) ?? []).map((email) => ({ ...m, email })));
    return { suppressed: matches.map((m) => m.email), matches };
  }

  /** Is this address or domain suppressed? The value is normalised first, so `Ann@Example.COM` finds `ann@example.com`. */
  @Get(':kind/:value')
  async get(@Param('kind') kind: string, @Param('value') value: string) {
    const parsed = normaliseSuppression(kind, value);
    if (!parsed.ok) throw invalidSuppression(parsed.field, parsed.message);
    const found = await this.suppressions.get(parsed.kind, parsed.value);
    if (!found) throw notSuppressed(parsed.kind, parsed.value);
    return found;
  }

  /** Idempotent; the answer says whether this request listed it (`created`). */
  @Post()
  add(@Body() body: unknown) {
    const b = objectBody(body, ['kind', 'value', 'reason']);
    const parsed = normaliseSuppression(b.kind, b.value);
    if (!parsed.ok) throw invalidSuppression(parsed.field, parsed.message);
    if (b.reason !== undefined && b.reason !== null && (typeof b.reason !== 'string' || b.reason.length > REASON_MAX)) {
      throw invalidSuppression('reason', `reason must be text of at most ${REASON_MAX} characters`);
    }
    const reason = typeof b.reason === 'string' && b.reason.trim() !== '' ? b.reason.trim() : null;
    return this.suppressions.add(parsed.kind, parsed.value, reason);
  }

  @Delete(':kind/:value')
  async remove(@Param('kind') kind: string, @Param('value') value: string) {
    const parsed = normaliseSuppression(kind, value);
    if (!parsed.ok) throw invalidSuppression(parsed.field, parsed.message);
    if (!(await this.suppressions.remove(parsed.kind, parsed.value))) throw notSuppressed(parsed.kind, parsed.value);
    return { kind: parsed.kind, value: parsed.value, removed: true };
  }
}

function notSuppressed(kind: SuppressionKind, value: string): SuppressionError {
  return new SuppressionError('suppression_not_found', `no ${kind} suppression for ${value}`, [{ field: 'value', message: 'not suppressed' }]);
}

function limitOf(value: string | undefined): number {
  if (value === undefined || value === '') return 50;
  const n = /^\d{1,6}$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > LIST_MAX) throw invalidSuppression('limit', `limit must be a whole number from 1 to ${LIST_MAX}`);
  return n;
}

/** Refuses properties a route does not know, so a typo is an error rather than silently ignored. */
export function objectBody(body: unknown, known: readonly string[]): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidSuppression('(body)', 'the request body must be a JSON object');
  }
  const unknown = Object.keys(body).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    throw new SuppressionError(
      'invalid_suppression',
      `unknown propert${unknown.length === 1 ? 'y' : 'ies'} ${unknown.map((k) => JSON.stringify(k)).join(', ')}; known: ${known.join(', ')}`,
      unknown.map((field) => ({ field, message: `unknown property ${field}` })),
    );
  }
  return body as Record<string, unknown>;
}
