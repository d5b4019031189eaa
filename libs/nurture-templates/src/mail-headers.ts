/**
 * The headers every nurture send carries: List-Unsubscribe with one-click (RFC 2369 / RFC 8058), its own
 * Message-ID, and In-Reply-To / References so follow-ups thread under the first step (RFC 5322 §3.6.4).
 */
import { createHash, randomBytes } from 'node:crypto';
import { ComplianceError, httpsUrl } from './compliance-footer.js';

export interface ComplianceHeaderInput {
  /** https URL of the one-click endpoint for this send. */
  unsubscribeUrl: string;
  /** An address (or mailto: URI) that also unsubscribes, listed second. */
  unsubscribeMailto?: string | null;
}

/** List-Unsubscribe (https first, then mailto) and List-Unsubscribe-Post; refuses anything but an https URL. */
export function complianceHeaders(input: ComplianceHeaderInput): { 'List-Unsubscribe': string; 'List-Unsubscribe-Post': string } {
  const uris = [httpsUrl(input.unsubscribeUrl, 'List-Unsubscribe')];
  if (input.unsubscribeMailto) uris.push(mailtoUri(input.unsubscribeMailto));
  return {
    'List-Unsubscribe': uris.map((u) => `<${u}>`).join(', '),
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}

const ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;

/** "unsubscribe@acme.example" → "mailto:unsubscribe@acme.example?subject=unsubscribe"; a mailto: URI is kept. */
function mailtoUri(raw: string): string {
  const value = raw.trim();
  if (/^mailto:/i.test(value)) {
    const address = decodeURIComponent(value.slice(7).split('?')[0]);
    if (!ADDRESS.test(address) || /[\s<>,]/.test(value)) throw new ComplianceError(`List-Unsubscribe mailto is not a valid mailto: URI: "${raw}"`);
    return value;
  }
  if (!ADDRESS.test(value)) throw new ComplianceError(`List-Unsubscribe mailto must be an email address, got "${raw}"`);
  return `mailto:${value}?subject=unsubscribe`;
}

const MESSAGE_ID = /^<[^<>\s@]+@[^<>\s@]+>$/;
const DOMAIN = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/**
 * A fresh Message-ID, `<random.digest@domain>`: 128 random bits (unique across replicas without coordination)
 * and a short digest of the ledger key, so two steps can never share one even if randomness repeats. Nothing
 * personal goes in: the ledger key is made of ids, and only its digest is printed.
 */
export function newMessageId(ledgerKey: string, domain: string): string {
  if (!DOMAIN.test(domain)) throw new RangeError(`Message-ID domain must be a host name, got "${domain}"`);
  const digest = createHash('sha256').update(ledgerKey).digest('hex').slice(0, 12);
  return `<${randomBytes(16).toString('hex')}.${digest}@${domain.toLowerCase()}>`;
}

export interface ThreadHeaderInput {
  /** This send's Message-ID, angle brackets included. */
  messageId: string;
  /** The first step's Message-ID, or null for the first step. */
  threadMessageId: string | null;
  /** The step starts its own thread. */
  newThread: boolean;
}

/** Message-ID, and In-Reply-To / References to the first step unless this send starts a thread. */
export function threadHeaders(input: ThreadHeaderInput): Record<string, string> {
  const headers: Record<string, string> = { 'Message-ID': checkedMessageId(input.messageId) };
  if (!input.newThread && input.threadMessageId && input.threadMessageId !== input.messageId) {
    const parent = checkedMessageId(input.threadMessageId);
    headers['In-Reply-To'] = parent;
    headers['References'] = parent;
  }
  return headers;
}

function checkedMessageId(id: string): string {
  if (!MESSAGE_ID.test(id)) throw new RangeError(`not a Message-ID (<id@domain>): "${id}"`);
  return id;
}

const REPLY_PREFIX = /^\s*(?:re|aw|sv|antw)\s*(?:\[\d+\])?\s*:\s*/i;

/**
 * The subject of a follow-up: the first step's subject (as this lead received it) with "Re: " once, so mail
 * clients keep the thread; a step that starts a new thread, or the first step, keeps its own.
 */
export function threadSubject(firstSubject: string | null, stepSubject: string, newThread: boolean): string {
  if (newThread || !firstSubject || firstSubject.trim() === '') return stepSubject;
  let base = firstSubject.trim();
  while (REPLY_PREFIX.test(base)) base = base.replace(REPLY_PREFIX, '');
  return `Re: ${base}`;
}
