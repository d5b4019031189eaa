import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { QualificationError } from '../qualification-errors.js';
import { decodeSuppressionCursor } from '../suppressions/suppression-cursor.js';
import { SuppressionList } from '../suppressions/suppression-list.js';
import { isSuppressionKind, normaliseSuppression, type SuppressionKind } from '../suppressions/suppression-value.js';
import { limitOf, objectBody } from './request-values.js';

const REASON_MAX = 500;

/** Internal: the global do-not-contact list; the API forwards here and nurture adds bounces and opt-outs. */
@Controller('internal/suppressions')
export class SuppressionsController {
  constructor(private readonly suppressions: SuppressionList) {}

  @Get()
  list(@Query('cursor') cursor?: string, @Query('limit') limit?: string, @Query('kind') kind?: string) {
    const after = cursor ? decodeSuppressionCursor(cursor) : null;
    if (cursor && !after) throw invalid('cursor', 'cursor is not one this service gave out');
    if (kind !== undefined && !isSuppressionKind(kind)) throw invalid('kind', 'kind must be "address" or "domain"');
    return this.suppressions.list({ after, limit: limitOf(limit, 50, 500), kind: kind as SuppressionKind | undefined });
  }

  /** Is this address or domain suppressed? The value is normalised first, so `Ann@Example.COM` finds `ann@example.com`. */
  @Get(':kind/:value')
  async get(@Param('kind') kind: string, @Param('value') value: string) {
    const parsed = normaliseSuppression(kind, value);
    if (!parsed.ok) throw invalid(parsed.field, parsed.message);
    const found = await this.suppressions.get(parsed.kind, parsed.value);
    if (!found) throw notSuppressed(parsed.kind, parsed.value);
    return found;
  }

  /** Idempotent; the answer says whether this request listed it (`created`). */
  @Post()
  add(@Body() body: unknown) {
    const b = objectBody(body, ['kind', 'value', 'reason'], 'invalid_suppression');
    const parsed = normaliseSuppression(b.kind, b.value);
    if (!parsed.ok) throw invalid(parsed.field, parsed.message);
    if (b.reason !== undefined && b.reason !== null && (typeof b.reason !== 'string' || b.reason.length > REASON_MAX)) {
      throw invalid('reason', `reason must be text of at most ${REASON_MAX} characters`);
    }
    const reason = typeof b.reason === 'string' && b.reason.trim() !== '' ? b.reason.trim() : null;
    return this.suppressions.add(parsed.kind, parsed.value, reason);
  }

  @Delete(':kind/:value')
  async remove(@Param('kind') kind: string, @Param('value') value: string) {
    const parsed = normaliseSuppression(kind, value);
    if (!parsed.ok) throw invalid(parsed.field, parsed.message);
    if (!(await this.suppressions.remove(parsed.kind, parsed.value))) throw notSuppressed(parsed.kind, parsed.value);
    return { kind: parsed.kind, value: parsed.value, removed: true };
  }
}

function notSuppressed(kind: SuppressionKind, value: string): QualificationError {
  return new QualificationError('suppression_not_found', `no ${kind} suppression for ${value}`, [{ field: 'value', message: 'not suppressed' }]);
}

function invalid(field: string, message: string): QualificationError {
  return new QualificationError('invalid_suppression', message, [{ field, message }]);
}
