import type { DomainFacts } from '#libs/lead-qualification';

/** What the page needs from libs/dns-check's DomainMailCheck (cached, de-duplicated, concurrency-limited). */
export interface MailDomainChecker {
  check(domain: string): Promise<DomainFacts>;
}

export const MAIL_DOMAIN_CHECKER = Symbol('MAIL_DOMAIN_CHECKER');

/**
 * DNS facts for a page's distinct domains, all asked at once (the checker queues them under its concurrency
 * limit). A lookup that throws is an `error`: unverified, so `risky`, never `invalid`.
 */
export async function mailDomainFacts(checker: MailDomainChecker, domains: readonly string[]): Promise<Map<string, DomainFacts>> {
  const answers = await Promise.all(domains.map((d) => checker.check(d).catch((): DomainFacts => ({ mx: 'error' }))));
  const facts = new Map<string, DomainFacts>();
  for (let i = 0; i < domains.length; i++) {
    const { mx, catchAll } = answers[i]!;
    facts.set(domains[i]!, catchAll === undefined ? { mx } : { mx, catchAll });
  }
  return facts;
}
