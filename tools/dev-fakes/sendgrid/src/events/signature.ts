import { createPrivateKey, sign, type KeyObject } from 'node:crypto';

/** The headers SendGrid's Signed Event Webhook puts on every post. */
export const SIGNATURE_HEADER = 'X-Twilio-Email-Event-Webhook-Signature';
export const TIMESTAMP_HEADER = 'X-Twilio-Email-Event-Webhook-Timestamp';

/**
 * Signs as SendGrid does: ECDSA P-256 with SHA-256 over the UTF-8 bytes of timestamp + payload, the signature
 * DER-encoded in base64 (what @sendgrid/eventwebhook's verifySignature checks).
 */
export class WebhookSigner {
  private readonly key: KeyObject;

  /** `privateKeyPem`: PKCS#8 PEM of an ECDSA P-256 key. */
  constructor(privateKeyPem: string) {
    // An env file may carry the PEM on one line with literal \n.
    const key = createPrivateKey(privateKeyPem.replace(/\\n/g, '\n'));
    if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
      throw new Error('the event webhook key must be an ECDSA P-256 (prime256v1) private key');
    }
    this.key = key;
  }

  /** Headers for one post of `payload`, signed at `at` (a retry signs again with its own timestamp). */
  headers(payload: string, at: Date = new Date()): Record<string, string> {
    const timestamp = String(Math.floor(at.getTime() / 1000));
    const signature = sign('sha256', Buffer.from(timestamp + payload, 'utf8'), { key: this.key, dsaEncoding: 'der' }).toString('base64');
    return { [SIGNATURE_HEADER]: signature, [TIMESTAMP_HEADER]: timestamp };
  }
}
