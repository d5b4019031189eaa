import { existsSync } from 'node:fs';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { join } from 'node:path';

/**
 * What the development SendGrid (the sandbox) and the engagement service share: the key pair the Event Webhook is
 * signed with (the sandbox holds the private half, as SendGrid does) and the Inbound Parse URL's basic-auth secret.
 * Like the unsubscribe secret they outlive a restart, since the sandbox retries posts made before it: made on the
 * first start and kept in <dataDir>/sendgrid-webhook-key.pem and <dataDir>/inbound-parse-secret (mode 0600).
 */
export interface EngagementSecrets {
  /** The Event Webhook's verification key as SendGrid shows it: base64 DER SubjectPublicKeyInfo (ECDSA P-256). */
  webhookPublicKey: string;
  /** Its private half, PKCS#8 PEM, for the sandbox's signatures. */
  webhookPrivateKey: string;
  inboundParseSecret: string;
}

export async function ensureEngagementSecrets(dataDir: string): Promise<EngagementSecrets> {
  const webhookPrivateKey = await ensureWebhookKey(join(dataDir, 'sendgrid-webhook-key.pem'));
  const webhookPublicKey = createPublicKey(createPrivateKey(webhookPrivateKey)).export({ type: 'spki', format: 'der' }).toString('base64');
  const inboundParseSecret = await ensureSecret(join(dataDir, 'inbound-parse-secret'));
  return { webhookPublicKey, webhookPrivateKey, inboundParseSecret };
}

async function ensureWebhookKey(file: string): Promise<string> {
  if (existsSync(file)) {
    const kept = await readFile(file, 'utf8');
    try {
      const key = createPrivateKey(kept);
      if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return kept;
    } catch {
      /* unreadable: made again below */
    }
  }
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  await writeKept(file, pem);
  return pem;
}

async function ensureSecret(file: string): Promise<string> {
  if (existsSync(file)) {
    const kept = (await readFile(file, 'utf8')).trim();
    if (kept.length >= 32) return kept;
  }
  const secret = randomBytes(32).toString('hex');
  await writeKept(file, secret + '\n');
  return secret;
}

async function writeKept(file: string, text: string): Promise<void> {
  await writeFile(file, text, { mode: 0o600 });
  await chmod(file, 0o600);
}
