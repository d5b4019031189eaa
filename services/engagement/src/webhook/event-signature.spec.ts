import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { EngagementError } from '../engagement-errors.js';
import { EventSignatureVerifier, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './event-signature.js';

const pair = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
const { privateKey, publicKey } = pair();
/** As SendGrid shows the verification key: base64 DER (SPKI). */
const shownKey = (k: KeyObject) => k.export({ type: 'spki', format: 'der' }).toString('base64');
/** As SendGrid signs: ECDSA SHA-256 over timestamp + body, base64 DER. */
const signed = (body: Buffer | string, timestamp: string, key = privateKey) => sign('sha256', Buffer.concat([Buffer.from(timestamp), Buffer.from(body)]), key).toString('base64');
const headers = (signature: string, timestamp: string) => [SIGNATURE_HEADER, signature, TIMESTAMP_HEADER, timestamp, 'Content-Type', 'application/json'];

const verifier = new EventSignatureVerifier(shownKey(publicKey));
const body = Buffer.from(JSON.stringify([{ email: 'ann@example.com', event: 'open', sg_event_id: 'e1', timestamp: 1764900000 }]));
const ts = '1764900000';

function refusal(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    if (err instanceof EngagementError) return err.code;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('EventSignatureVerifier', () => {
  it('takes a post signed with the configured key, whatever its age, with the body text and the signed time', () => {
    expect(verifier.verify(body, headers(signed(body, ts), ts))).toEqual({ signedAt: new Date('2025-12-05T02:00:00Z'), text: body.toString() });
    const old = '946684800';
    expect(verifier.verify(body, headers(signed(body, old), old)).signedAt).toEqual(new Date('2000-01-01T00:00:00Z'));
  });

  it('matches header names in any case, as HTTP does', () => {
    expect(verifier.verify(body, [SIGNATURE_HEADER.toLowerCase(), signed(body, ts), TIMESTAMP_HEADER.toUpperCase(), ts]).text).toBe(body.toString());
  });

  it('refuses a body, timestamp or key that is not the signed one', () => {
    const sig = signed(body, ts);
    const altered = Buffer.from(body);
    altered[5] = altered[5]! ^ 0x01;
    expect(refusal(() => verifier.verify(altered, headers(sig, ts)))).toBe('signature_invalid');
    expect(refusal(() => verifier.verify(body.subarray(0, body.length - 1), headers(sig, ts)))).toBe('signature_invalid');
    expect(refusal(() => verifier.verify(body, headers(sig, '1764900001')))).toBe('signature_invalid');
    expect(refusal(() => verifier.verify(body, headers(signed(body, ts, pair().privateKey), ts)))).toBe('signature_invalid');
    expect(refusal(() => verifier.verify(body, headers(signed('[]', ts), ts)))).toBe('signature_invalid');
  });

  it('refuses malformed signatures and timestamps without throwing anything else', () => {
    for (const bad of ['', 'not base64!', 'AAAA', Buffer.alloc(300).toString('base64'), 'MEUCIQ==']) expect(refusal(() => verifier.verify(body, headers(bad, ts)))).toBe('signature_invalid');
    for (const bad of ['', 'yesterday', '-1', '1764900000.5']) expect(refusal(() => verifier.verify(body, headers(signed(body, bad), bad)))).toBe('signature_invalid');
  });

  it('refuses a header sent twice, even with the genuine value twice', () => {
    const sig = signed(body, ts);
    expect(refusal(() => verifier.verify(body, [...headers(sig, ts), SIGNATURE_HEADER, sig]))).toBe('signature_invalid');
    expect(refusal(() => verifier.verify(body, [...headers(sig, ts), TIMESTAMP_HEADER.toLowerCase(), ts]))).toBe('signature_invalid');
  });

  it('asks for the headers when one is missing, naming it', () => {
    const err = (() => {
      try {
        verifier.verify(body, [SIGNATURE_HEADER, signed(body, ts)]);
      } catch (e) {
        return e as EngagementError;
      }
    })();
    expect(err).toMatchObject({ code: 'signature_required', details: [{ field: TIMESTAMP_HEADER, message: 'missing' }] });
    expect(refusal(() => verifier.verify(body, []))).toBe('signature_required');
  });

  it('refuses bytes that are not UTF-8 even under a signature of their replacement text', () => {
    const bytes = Buffer.from([0x5b, 0x22, 0xff, 0x22, 0x5d]); // ["\xff"]
    const replaced = Buffer.from(bytes.toString('utf8'));
    expect(refusal(() => verifier.verify(bytes, headers(signed(replaced, ts), ts)))).toBe('signature_invalid');
  });

  it('refuses every post when no key is configured, and will not start with a malformed key', () => {
    const none = new EventSignatureVerifier(undefined);
    expect(none.configured).toBe(false);
    expect(refusal(() => none.verify(body, headers(signed(body, ts), ts)))).toBe('webhook_not_configured');
    expect(() => new EventSignatureVerifier('bm90IGEga2V5IGF0IGFsbCwganVzdCB0ZXh0IHRoYXQgaXMgbG9uZyBlbm91Z2g=')).toThrow(/SENDGRID_WEBHOOK_PUBLIC_KEY is not a SendGrid verification key/);
  });

  it('takes the key in PEM armour too', () => {
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(new EventSignatureVerifier(pem).verify(body, headers(signed(body, ts), ts)).text).toBe(body.toString());
  });
});
