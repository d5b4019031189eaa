import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { isCampaignId } from '#libs/contracts';
import { CodedServiceError } from './api-error.js';

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
// NUL and other controls (PostgreSQL refuses NUL in text: error 22021), U+FFFD from undecodable bytes, lone surrogates.
const BAD_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Path and query values by name: ids have a fixed shape, every other value is text without control characters. */
const SHAPES: Record<string, { ok: (v: string) => boolean; must: string }> = {
  id: { ok: (v) => UUID.test(v), must: 'must be a UUID' },
  leadId: { ok: (v) => UUID.test(v), must: 'must be a lead id (a UUID)' },
  campaignId: { ok: isCampaignId, must: 'must be a campaign id: 1-63 lower-case letters, digits or dashes' },
};

export class InvalidRequestValueError extends CodedServiceError<'invalid_input'> {}

/**
 * Global pipe of the internal services: checks every path and query value before a handler can pass it to SQL,
 * answering 400 `invalid_input` naming the field (a NUL byte used to come back as PostgreSQL's raw error).
 */
@Injectable()
export class RequestValuesPipe implements PipeTransform {
  transform(value: unknown, meta: ArgumentMetadata): unknown {
    if (meta.type !== 'param' && meta.type !== 'query') return value;
    if (meta.data) checkValue(meta.data, value);
    else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) checkValue(k, v);
    return value;
  }
}

function checkValue(field: string, value: unknown): void {
  for (const v of Array.isArray(value) ? value : [value]) {
    if (typeof v !== 'string') continue;
    const shape = SHAPES[field];
    const problem = BAD_TEXT.test(v) ? 'must be text without control characters' : shape && !shape.ok(v) ? shape.must : undefined;
    if (problem) throw new InvalidRequestValueError('invalid_input', `${field} ${problem}`, [{ field, message: problem }]);
  }
}
