import sgMail, { type MailDataRequired } from '@sendgrid/mail';
import { Client } from '@sendgrid/client';
import type { SendingConfig } from './sending.config.js';

/** What SendGrid's Email Activity API says about one ledger key. Only `found` and `not-found` are definite. */
export type ActivityAnswer =
  | { kind: 'found'; msgId: string }
  | { kind: 'not-found' }
  | { kind: 'no-access'; reason: string }
  | { kind: 'no-answer'; reason: string };

/** The Email Activity filter for one ledger key, in SendGrid's query language (custom_args are `unique_args`). */
export function ledgerKeyQuery(ledgerKey: string): string {
  return `unique_args['ledger_key']="${ledgerKey.replace(/["\\]/g, '\\$&')}"`;
}

/** Reads the answer of `GET /v3/messages`: the first message carrying the key, if any. */
export function activityAnswerOf(body: unknown): ActivityAnswer {
  const messages = (body as { messages?: unknown } | null)?.messages;
  if (!Array.isArray(messages)) return { kind: 'no-answer', reason: 'Email Activity answered without a messages list' };
  const hit = messages.find((m): m is { msg_id: string } => typeof (m as { msg_id?: unknown })?.msg_id === 'string');
  return hit ? { kind: 'found', msgId: hit.msg_id } : { kind: 'not-found' };
}

const LOOKUP_TIMEOUT_MS = 10_000;
/** The sandbox takes any Bearer key; an SG.-shaped one keeps @sendgrid/client from warning. */
const SANDBOX_KEY = 'SG.development-sandbox';

/**
 * The process's one SendGrid client: Mail Send through @sendgrid/mail, and the Email Activity lookup through the
 * same configured @sendgrid/client (real SendGrid when SENDGRID_API_KEY is set, else the development server).
 */
export class SendgridGateway {
  private readonly client = new Client();

  constructor(config: Pick<SendingConfig, 'SENDGRID_API_KEY' | 'SENDGRID_BASE_URL' | 'NURTURE_SEND_TIMEOUT_MS'>) {
    this.client.setApiKey(config.SENDGRID_API_KEY ?? SANDBOX_KEY);
    // After setApiKey, which resets the base URL to api.sendgrid.com.
    if (!config.SENDGRID_API_KEY) this.client.setDefaultRequest('baseUrl', config.SENDGRID_BASE_URL);
    // An axios option the typings of @sendgrid/client leave out; sgMail.setTimeout would set the same on its own client.
    this.client.setDefaultRequest('timeout' as never, config.NURTURE_SEND_TIMEOUT_MS as never);
    sgMail.setClient(this.client);
  }

  /** Resolves when SendGrid accepted the message (202), with its X-Message-Id; rejects with the client's error. */
  async send(mail: MailDataRequired): Promise<{ providerMessageId: string | null }> {
    const [response] = await sgMail.send(mail);
    const id = (response.headers as Record<string, unknown>)['x-message-id'];
    return { providerMessageId: typeof id === 'string' && id ? id : null };
  }

  async findByLedgerKey(ledgerKey: string): Promise<ActivityAnswer> {
    try {
      const [, body] = await this.client.request({
        method: 'GET',
        url: '/v3/messages',
        qs: { query: ledgerKeyQuery(ledgerKey), limit: 10 },
        timeout: LOOKUP_TIMEOUT_MS,
      } as never);
      return activityAnswerOf(body);
    } catch (err) {
      const status = (err as { code?: unknown }).code;
      if (status === 403) return { kind: 'no-access', reason: 'Email Activity API refused access (403: the paid add-on is not on this account)' };
      const what = typeof status === 'number' ? `answered ${status}` : ((err as Error).message ?? String(err));
      return { kind: 'no-answer', reason: `Email Activity API ${what}` };
    }
  }
}
