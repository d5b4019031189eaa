import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header a signed form's posts carry: `sha256=` and the hex HMAC-SHA256 of the raw body under the form's secret. */
export const FORM_SIGNATURE_HEADER = 'x-form-signature';

export function signFormBody(secret: string, rawBody: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/**
 * Whether `header` is the signature of exactly these bytes. Compared in constant time, so the answer's timing
 * tells nothing about how much of a guess was right. A missing or malformed header is simply not valid.
 */
export function formSignatureValid(secret: string, rawBody: Buffer | undefined, header: string | undefined): boolean {
  if (rawBody === undefined || typeof header !== 'string' || !/^sha256=[0-9a-f]{64}$/i.test(header.trim())) return false;
  const expected = Buffer.from(signFormBody(secret, rawBody).slice('sha256='.length), 'hex');
  const given = Buffer.from(header.trim().slice('sha256='.length).toLowerCase(), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A body parser's `verify` hook that keeps the exact bytes as `req.rawBody`, which a form's signature is checked against. */
export function keepRawBody(req: unknown, _res: unknown, body: Buffer): void {
  (req as { rawBody?: Buffer }).rawBody = body;
}
