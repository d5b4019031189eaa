import { Client } from '@sendgrid/client';
import sgMail from '@sendgrid/mail';
import type { EngagementConfig } from '../engagement.config.js';
import type { NoticeSender } from './owner-notice.effect.js';

/** The sandbox takes any Bearer key; an SG.-shaped one keeps @sendgrid/client from warning. */
const SANDBOX_KEY = 'SG.development-sandbox';
const NOTICE_TIMEOUT_MS = 10_000;

type Mailer = { setClient(client: Client): void; send(mail: unknown): Promise<unknown> };

/**
 * Owner notices through @sendgrid/mail: real SendGrid with SENDGRID_API_KEY, else the development sandbox at
 * SENDGRID_BASE_URL. A client of its own (not the module's shared one), so nothing else in the process changes it.
 */
export function sendgridNoticeSender(config: Pick<EngagementConfig, 'SENDGRID_API_KEY' | 'SENDGRID_BASE_URL'>): NoticeSender {
  const client = new Client();
  client.setApiKey(config.SENDGRID_API_KEY ?? SANDBOX_KEY);
  // After setApiKey, which resets the base URL to api.sendgrid.com.
  if (!config.SENDGRID_API_KEY) client.setDefaultRequest('baseUrl', config.SENDGRID_BASE_URL);
  client.setDefaultRequest('timeout' as never, NOTICE_TIMEOUT_MS as never);
  const MailService = (sgMail as unknown as { MailService: new () => Mailer }).MailService;
  const mailer = new MailService();
  mailer.setClient(client);
  return {
    async send(mail) {
      await mailer.send(mail);
    },
  };
}
