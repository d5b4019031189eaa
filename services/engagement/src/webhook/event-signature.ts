import { EventWebhook, EventWebhookHeader } from '@sendgrid/eventwebhook';
import { EngagementError } from '../engagement-errors.js';

export const SIGNATURE_HEADER = EventWebhookHeader.SIGNATURE();
export const TIMESTAMP_HEADER = EventWebhookHeader.TIMESTAMP();

/** A DER ECDSA P-256 signature is at most 72 bytes: 96 base64 characters; anything far longer is not one. */
const BASE64 = /^[A-Za-z0-9+/]{1,200}={0,2}$/;
const UNIX_SECONDS = /^\d{1,12}$/;
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** What a verified post says about itself. */
export interface VerifiedPost {
  /** The signed timestamp header. No age limit: a late genuine batch is a SendGrid retry and must count. */
  signedAt: Date;
  /** The body as text (valid UTF-8, exactly the signed bytes). */
  text: string;
}

/**
 * SendGrid's Signed Event Webhook, checked with SendGrid's own library: ECDSA P-256 / SHA-256 over the timestamp
 * header followed by the raw body bytes. The check uses only public values (key, body, signature), so there is no
 * secret whose comparison could leak through timing. Without a configured key every post is refused: an unsigned
 * post is never taken.
 */
export class EventSignatureVerifier {
  private readonly webhook = new EventWebhook();
  private readonly key: ReturnType<EventWebhook['convertPublicKeyToECDSA']> | null;

  /** `publicKey`: base64 DER as SendGrid shows it (PEM armour is taken too). A malformed key stops the service. */
  constructor(publicKey: string | undefined) {
    if (publicKey === undefined) {
      this.key = null;
      return;
    }
    try {
      this.key = this.webhook.convertPublicKeyToECDSA(publicKey.trim());
    } catch (err) {
      throw new Error(`SENDGRID_WEBHOOK_PUBLIC_KEY is not a SendGrid verification key (base64 DER of an ECDSA public key): ${(err as Error).message}`);
    }
  }

  get configured(): boolean {
    return this.key !== null;
  }

  /** Throws webhook_not_configured without a key. */
  assertConfigured(): void {
    if (!this.key) throw new EngagementError('webhook_not_configured', 'the Event Webhook has no verification key configured (SENDGRID_WEBHOOK_PUBLIC_KEY), so it takes no post');
  }

  /**
   * The post as signed, or an EngagementError: webhook_not_configured, signature_required (a header missing),
   * signature_invalid (anything else). `rawHeaders` is Node's list of name/value pairs, so a header sent twice is
   * seen as such (Node would join the two values with a comma).
   */
  verify(body: Buffer, rawHeaders: readonly string[]): VerifiedPost {
    this.assertConfigured();
    const key = this.key!;
    const signature = singleHeader(rawHeaders, SIGNATURE_HEADER);
    const timestamp = singleHeader(rawHeaders, TIMESTAMP_HEADER);
    if (signature === undefined || timestamp === undefined) {
      const missing = [signature === undefined ? SIGNATURE_HEADER : null, timestamp === undefined ? TIMESTAMP_HEADER : null].filter((h): h is string => h !== null);
      throw new EngagementError('signature_required', `a signed Event Webhook post carries ${missing.join(' and ')}`, missing.map((field) => ({ field, message: 'missing' })));
    }
    if (signature === null || timestamp === null) throw invalid('a signature header was sent more than once');
    if (!BASE64.test(signature)) throw invalid(`${SIGNATURE_HEADER} is not a base64 signature`);
    if (!UNIX_SECONDS.test(timestamp)) throw invalid(`${TIMESTAMP_HEADER} is not a unix time`);
    let text: string;
    try {
      text = UTF8.decode(body);
    } catch {
      // The library verifies the body as a string; bytes that are not UTF-8 would be replaced before hashing, so
      // two different bodies could pass under one signature. SendGrid posts UTF-8 JSON.
      throw invalid('the body is not valid UTF-8, so no signature covers it');
    }
    let ok = false;
    try {
      ok = this.webhook.verifySignature(key, text, signature, timestamp);
    } catch {
      ok = false; // a signature that is not DER
    }
    if (!ok) throw invalid('the signature does not match this body and timestamp for the configured key');
    return { signedAt: new Date(Number(timestamp) * 1000), text };
  }
}

function invalid(message: string): EngagementError {
  return new EngagementError('signature_invalid', message, [{ field: SIGNATURE_HEADER, message: 'not valid' }]);
}

/** The header's value; undefined when absent, null when sent more than once. */
function singleHeader(rawHeaders: readonly string[], name: string): string | null | undefined {
  const lower = name.toLowerCase();
  let value: string | undefined;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (rawHeaders[i]!.toLowerCase() !== lower) continue;
    if (value !== undefined) return null;
    value = rawHeaders[i + 1]!.trim();
  }
  return value;
}
