import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import iconv from 'iconv-lite';
import { EngagementError } from '../engagement-errors.js';

/** The fields of an Inbound Parse post that a reply is read from (attachments are discarded unread). */
export const PARSE_FIELDS = ['headers', 'from', 'to', 'cc', 'subject', 'text', 'html', 'envelope', 'charsets', 'spam_score', 'SPF', 'dkim', 'sender_ip'] as const;
export type ParseField = (typeof PARSE_FIELDS)[number];
export type ParsePost = Partial<Record<ParseField, string>>;

/** A read post: its fields, and the body's size and SHA-256 for the audit row. */
export interface ReadParsePost {
  post: ParsePost;
  bytes: number;
  sha256: string;
}

export interface ParseLimits {
  /** Largest single field (text, html, headers…). */
  fieldBytes: number;
  /** Whole body, attachments included (they are read off the socket and thrown away). */
  totalBytes: number;
}
export const PARSE_LIMITS: ParseLimits = { fieldBytes: 1024 * 1024, totalBytes: 25 * 1024 * 1024 };

/** Fields whose charset SendGrid names in `charsets` (the others are ASCII: JSON, addresses, scores). */
const DECODED: ReadonlySet<string> = new Set(['headers', 'from', 'to', 'cc', 'subject', 'text', 'html']);

/**
 * Decodes a field's bytes by the charset SendGrid reports for it (`charsets` = {"text":"iso-8859-1",…}). Busboy is
 * told to read fields as latin1, which keeps each byte as one character, so the bytes come back intact. A part
 * that named its own charset was decoded by busboy already (a character above U+00FF shows it) and is kept.
 */
export function decodeField(value: string, charset: string | undefined): string {
  if (/[^\x00-\xff]/.test(value)) return value;
  const name = charset && iconv.encodingExists(charset) ? charset : 'utf-8';
  return iconv.decode(Buffer.from(value, 'latin1'), name);
}

function charsetsOf(raw: string | undefined): Record<string, string> {
  if (!raw) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].length <= 40));
  } catch {
    return {};
  }
}

/**
 * Reads an Inbound Parse post (multipart/form-data) into its known fields, in memory only: a field over
 * `fieldBytes` or a body over `totalBytes` is refused with 413 (never truncated: a cut reply could read as
 * something else), files are drained and dropped, unknown fields ignored. Not multipart: 415.
 */
export function readParsePost(req: Readable & { headers: IncomingHttpHeaders }, limits: ParseLimits = PARSE_LIMITS): Promise<ReadParsePost> {
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (!type.startsWith('multipart/form-data')) {
    return Promise.reject(new EngagementError('unsupported_media_type', 'Inbound Parse posts multipart/form-data', [{ field: 'Content-Type', message: `must be multipart/form-data, got ${type.slice(0, 60) || 'none'}` }]));
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limits.totalBytes) return Promise.reject(tooLarge(`the body is ${declared} bytes`, limits));
  return new Promise((resolve, reject) => {
    const raw: Record<string, string> = {};
    let settled = false;
    let seen = 0;
    const hash = createHash('sha256');
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      req.unpipe();
      // Keep reading (and dropping) what the client still sends, so it gets the answer instead of a reset.
      req.resume();
      reject(err);
    };
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, defCharset: 'latin1', limits: { fieldSize: limits.fieldBytes, fields: 100, parts: 1_000, fieldNameSize: 200 } });
    } catch (err) {
      return fail(new EngagementError('invalid_request', `the multipart body cannot be read: ${(err as Error).message}`, [{ field: 'Content-Type', message: 'needs a boundary' }]));
    }
    req.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      hash.update(chunk);
      if (seen > limits.totalBytes) fail(tooLarge(`the body is over ${limits.totalBytes} bytes`, limits));
    });
    bb.on('file', (_name, stream) => stream.resume());
    bb.on('field', (name, value, info) => {
      if (info.valueTruncated) return fail(tooLarge(`the field "${name.slice(0, 40)}" is over ${limits.fieldBytes} bytes`, limits, name));
      if ((PARSE_FIELDS as readonly string[]).includes(name) && !(name in raw)) raw[name] = value;
    });
    bb.on('error', (err: Error) => fail(new EngagementError('invalid_request', `the multipart body is malformed: ${err.message}`, [{ field: '(body)', message: err.message }])));
    bb.on('close', () => {
      if (settled) return;
      settled = true;
      const charsets = charsetsOf(raw.charsets);
      const post: ParsePost = {};
      for (const [name, value] of Object.entries(raw)) post[name as ParseField] = DECODED.has(name) ? decodeField(value, charsets[name]) : value;
      resolve({ post, bytes: seen, sha256: hash.digest('hex') });
    });
    req.pipe(bb);
  });
}

function tooLarge(what: string, limits: ParseLimits, field = '(body)'): EngagementError {
  return new EngagementError('payload_too_large', `${what}: Inbound Parse posts up to ${limits.totalBytes} bytes, ${limits.fieldBytes} per field`, [{ field, message: what }]);
}
