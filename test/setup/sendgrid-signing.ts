import { sign } from 'node:crypto';
import { serviceUrl, webhookSigningKey } from './test-stack.js';

export const SIGNATURE_HEADER = 'X-Twilio-Email-Event-Webhook-Signature';
export const TIMESTAMP_HEADER = 'X-Twilio-Email-Event-Webhook-Timestamp';

/**
 * A signature exactly as SendGrid makes it: ECDSA P-256 with SHA-256 over the timestamp header's text followed by the
 * body's bytes, DER-encoded, base64. `privateKeyPem` defaults to the key the test stack gave the sandbox.
 */
export function sendGridSignature(body: Buffer | string, timestamp: string, privateKeyPem: string = webhookSigningKey()): string {
  return sign('sha256', Buffer.concat([Buffer.from(timestamp, 'utf8'), Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8')]), privateKeyPem).toString('base64');
}

/** The headers of a signed post (timestamp: now, in unix seconds, unless given). */
export function signedHeaders(body: Buffer | string, timestamp = String(Math.floor(Date.now() / 1000)), privateKeyPem?: string): Record<string, string> {
  return { 'content-type': 'application/json', [SIGNATURE_HEADER]: sendGridSignature(body, timestamp, privateKeyPem), [TIMESTAMP_HEADER]: timestamp };
}

/** Posts a body to engagement's Event Webhook as SendGrid would, signed unless headers say otherwise. */
export async function postEvents(body: Buffer | string, headers: Record<string, string> = signedHeaders(body)): Promise<{ status: number; body: any }> {
  const res = await fetch(`${serviceUrl('engagement')}/webhooks/sendgrid/events`, { method: 'POST', headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed };
}
