/**
 * The signed token in every unsubscribe link: `u1.<payload>.<signature>`, base64url pieces.
 *
 *  - The signature is HMAC-SHA256 over "u1.<payload>" with a key derived from the service secret (HKDF), checked
 *    in constant time; a changed character anywhere fails.
 *  - The payload names the enrolment id only: the nurture service looks the address up from it, so a link that
 *    travels through logs, proxies or forwarded mail reveals nobody. A send without an enrolment (a test send)
 *    may carry the address instead, and then it is encrypted (AES-256-GCM, its own derived key), never readable.
 *  - No expiry: an unsubscribe link must keep working long after the send (CAN-SPAM asks for 30 days at least),
 *    and a stale link can only ever opt someone out.
 *
 * Several secrets may be given to verify (rotation): the first one signs, any one verifies.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

const VERSION = 'u1';
const MIN_SECRET_LENGTH = 16;
const MAX_TOKEN_LENGTH = 1024;

export interface UnsubscribeSubject {
  enrolmentId: string;
  /** Only for sends without an enrolment; travels encrypted. */
  email?: string | null;
}

export type UnsubscribeTokenCheck =
  | { ok: true; enrolmentId: string; email: string | null }
  | { ok: false; code: 'malformed' | 'unsupported-version' | 'bad-signature' | 'undecryptable'; reason: string };

type Secret = string | readonly string[];

export function signUnsubscribeToken(secret: Secret, subject: UnsubscribeSubject): string {
  const keys = keysOf(firstSecret(secret));
  if (typeof subject.enrolmentId !== 'string' || subject.enrolmentId.trim() === '' || subject.enrolmentId.length > 200) {
    throw new RangeError('an unsubscribe token names an enrolment id (1–200 characters)');
  }
  const payload: Payload = { e: subject.enrolmentId };
  if (subject.email) payload.m = encrypt(keys.encryption, subject.email);
  const body = `${VERSION}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${body}.${mac(keys.signing, body).toString('base64url')}`;
}

export function verifyUnsubscribeToken(secret: Secret, token: string): UnsubscribeTokenCheck {
  const secrets = typeof secret === 'string' ? [secret] : [...secret];
  if (secrets.length === 0) throw new RangeError('verifyUnsubscribeToken needs at least one secret');
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return refused('malformed', 'not an unsubscribe token');
  const pieces = token.split('.');
  if (pieces.length !== 3 || !pieces.every((p) => /^[A-Za-z0-9_-]+$/.test(p))) return refused('malformed', 'not an unsubscribe token');
  const [version, payloadText, signatureText] = pieces;
  if (version !== VERSION) return refused('unsupported-version', `unknown token version ${version}`);
  const signature = Buffer.from(signatureText, 'base64url');
  const body = `${version}.${payloadText}`;
  const keys = secrets.map((s) => keysOf(s)).find((k) => safeEqual(mac(k.signing, body), signature));
  if (!keys) return refused('bad-signature', 'the signature does not match');

  let payload: Payload;
  try {
    payload = JSON.parse(Buffer.from(payloadText, 'base64url').toString('utf8')) as Payload;
  } catch {
    return refused('malformed', 'the token payload is not readable');
  }
  if (!payload || typeof payload.e !== 'string' || payload.e === '') return refused('malformed', 'the token names no enrolment');
  if (payload.m === undefined) return { ok: true, enrolmentId: payload.e, email: null };
  const email = typeof payload.m === 'string' ? decrypt(keys.encryption, payload.m) : null;
  return email === null ? refused('undecryptable', 'the address in the token cannot be read') : { ok: true, enrolmentId: payload.e, email };
}

interface Payload {
  /** Enrolment id. */
  e: string;
  /** Encrypted address: base64url(iv ‖ ciphertext ‖ tag). */
  m?: string;
}

interface Keys {
  signing: Buffer;
  encryption: Buffer;
}
const keyCache = new Map<string, Keys>();
function keysOf(secret: string): Keys {
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
    throw new RangeError(`the unsubscribe secret must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  let keys = keyCache.get(secret);
  if (!keys) {
    const derive = (info: string) => Buffer.from(hkdfSync('sha256', secret, 'aicmo-cam unsubscribe', info, 32));
    keys = { signing: derive('signing'), encryption: derive('address encryption') };
    if (keyCache.size > 16) keyCache.clear();
    keyCache.set(secret, keys);
  }
  return keys;
}

function firstSecret(secret: Secret): string {
  const first = typeof secret === 'string' ? secret : secret[0];
  if (first === undefined) throw new RangeError('signUnsubscribeToken needs a secret');
  return first;
}

function mac(key: Buffer, body: string): Buffer {
  return createHmac('sha256', key).update(body).digest();
}

function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function encrypt(key: Buffer, text: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(text.trim().toLowerCase(), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
}

function decrypt(key: Buffer, sealed: string): string | null {
  try {
    const raw = Buffer.from(sealed, 'base64url');
    if (raw.length < 12 + 16 + 1) return null;
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

function refused(code: Extract<UnsubscribeTokenCheck, { ok: false }>['code'], reason: string): UnsubscribeTokenCheck {
  return { ok: false, code, reason };
}
