import type { EngagementEventKind } from '#libs/contracts';

export interface MachineEngagementInput {
  kind: EngagementEventKind;
  /** SendGrid's `sg_machine_open` (Apple Mail Privacy Protection prefetched the pixel). */
  sgMachineOpen: boolean;
  userAgent: string | null;
  /** Seconds from the message's delivery to this open or click; null when the delivery is not known (yet). */
  secondsSinceDelivery: number | null;
  /** An open or click this soon after delivery (inclusive) is a scanner's. */
  scannerSeconds: number;
}

export interface MachineEngagement {
  machine: boolean;
  /** Why, as a person reads it; null for a person's open or click. */
  reason: string | null;
}

/**
 * User agents only security scanners, link-preview fetchers and scripts send. Vendor names a person's browser never
 * carries; nothing generic such as "bot" (phone models contain it). Deliberately NOT here: Gmail's image proxy
 * (GoogleImageProxy) and Yahoo's (YahooMailProxy), which fetch the pixel because a person opened the mail, and which
 * never click; and Microsoft Defender's Safe Links detonation, which uses an ordinary browser user agent, so the
 * time rule catches it instead.
 */
const SCANNER_AGENTS: ReadonlyArray<{ name: string; pattern: RegExp }> = [
  { name: 'Barracuda email security', pattern: /barracuda/i },
  { name: 'Mimecast URL protection', pattern: /mimecast/i },
  { name: 'Proofpoint URL defense', pattern: /proofpoint/i },
  { name: 'Cisco secure email', pattern: /ironport|cisco secure email/i },
  { name: 'Microsoft Office link check', pattern: /microsoft office existence discovery|ms-office.*link ?check/i },
  { name: 'headless browser', pattern: /headlesschrome|phantomjs|puppeteer|playwright/i },
  { name: 'HTTP library', pattern: /^(python-requests|python-urllib|curl|wget|go-http-client|okhttp|java\/|libwww-perl|axios|node-fetch)\b/i },
  { name: 'link preview', pattern: /slackbot|facebookexternalhit|linkedinbot|twitterbot|discordbot|telegrambot|skypeuripreview|whatsapp\//i },
];

/** The scanner a user agent names, or null. */
export function scannerAgent(userAgent: string | null): string | null {
  if (!userAgent) return null;
  return SCANNER_AGENTS.find((a) => a.pattern.test(userAgent))?.name ?? null;
}

/**
 * Whether an open or click was a machine's, checked in this order: SendGrid's `sg_machine_open` (opens only), a
 * scanner's user agent, then speed: within `scannerSeconds` of delivery no person has opened the mail, let alone
 * clicked (an event stamped before its delivery, which whole-second clocks allow, counts as 0 s). Machine events
 * are kept and shown, and left out of scores and stats. Other kinds are never machine.
 */
export function machineEngagement(input: MachineEngagementInput): MachineEngagement {
  if (input.kind !== 'open' && input.kind !== 'click') return HUMAN;
  const verb = input.kind === 'open' ? 'opened' : 'clicked';
  if (input.kind === 'open' && input.sgMachineOpen) return { machine: true, reason: 'Apple Mail Privacy Protection fetched the open pixel (sg_machine_open)' };
  const scanner = scannerAgent(input.userAgent);
  if (scanner) return { machine: true, reason: `${verb} by a ${scanner} (user agent)` };
  const s = input.secondsSinceDelivery;
  if (s !== null && Number.isFinite(s) && s <= input.scannerSeconds) {
    return { machine: true, reason: `${verb} ${Math.max(0, Math.round(s))} s after delivery (a scanner's speed: ${input.scannerSeconds} s or less)` };
  }
  return HUMAN;
}

const HUMAN: MachineEngagement = { machine: false, reason: null };
