import { generateKeyPairSync } from 'node:crypto';
import eventwebhook from '@sendgrid/eventwebhook';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, WebhookSigner } from './signature.js';

// The receiving side checks posts with SendGrid's own library; the sandbox's signatures must pass it exactly.
const { EventWebhook } = eventwebhook;
const verifier = new EventWebhook();

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return {
    pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    // As SendGrid shows the verification key: base64 DER SubjectPublicKeyInfo.
    publicBase64: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
  };
}

const keys = keyPair();
const signer = new WebhookSigner(keys.pem);
const publicKey = verifier.convertPublicKeyToECDSA(keys.publicBase64);
const payload = JSON.stringify([{ email: 'zoë@example.com', timestamp: 1764900000, event: 'processed', sg_event_id: 'a', sg_message_id: 'b', note: 'ünïcode ✓' }]);

describe('WebhookSigner', () => {
  it('signs timestamp + payload so @sendgrid/eventwebhook verifies it with the base64 public key', () => {
    const at = new Date('2026-12-05T04:00:00Z');
    const headers = signer.headers(payload, at);
    expect(headers[TIMESTAMP_HEADER]).toBe(String(at.getTime() / 1000));
    expect(verifier.verifySignature(publicKey, payload, headers[SIGNATURE_HEADER]!, headers[TIMESTAMP_HEADER]!)).toBe(true);
    expect(verifier.verifySignature(publicKey, Buffer.from(payload, 'utf8'), headers[SIGNATURE_HEADER]!, headers[TIMESTAMP_HEADER]!)).toBe(true);
  });

  it('every one of 32 signatures verifies (r and s of every DER length)', () => {
    let verified = 0;
    for (let i = 0; i < 32; i++) {
      const body = `${payload}${' '.repeat(i % 7)}`;
      const h = signer.headers(body, new Date(1_764_900_000_000 + i * 1000));
      if (verifier.verifySignature(publicKey, body, h[SIGNATURE_HEADER]!, h[TIMESTAMP_HEADER]!)) verified++;
    }
    expect(verified).toBe(32);
  });

  it('is rejected for a changed byte of the body, another timestamp, or another key', () => {
    const h = signer.headers(payload);
    const changed = payload.replace('processed', 'processee');
    expect(verifier.verifySignature(publicKey, changed, h[SIGNATURE_HEADER]!, h[TIMESTAMP_HEADER]!)).toBe(false);
    expect(verifier.verifySignature(publicKey, payload, h[SIGNATURE_HEADER]!, String(Number(h[TIMESTAMP_HEADER]) + 1))).toBe(false);
    const otherKey = verifier.convertPublicKeyToECDSA(keyPair().publicBase64);
    expect(verifier.verifySignature(otherKey, payload, h[SIGNATURE_HEADER]!, h[TIMESTAMP_HEADER]!)).toBe(false);
  });

  it('accepts a PEM written on one line with literal \\n (env files), and refuses a key that is not P-256', () => {
    const oneLine = keys.pem.replace(/\n/g, '\\n');
    const h = new WebhookSigner(oneLine).headers(payload);
    expect(verifier.verifySignature(publicKey, payload, h[SIGNATURE_HEADER]!, h[TIMESTAMP_HEADER]!)).toBe(true);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => new WebhookSigner(rsa)).toThrow(/P-256/);
  });
});
