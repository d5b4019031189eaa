import { LoopbackDnsServer, type ZoneAnswer } from '../../../tools/dev-fakes/dns/loopback-dns-server.js';
import { MAILBOX_PROVIDER_DOMAINS, companyMail, companyNumberOf } from './bench-leads.js';

export interface BenchDnsCounts {
  /** Queries that reached the server (every type). */
  queries: number;
  /** Distinct names asked about. */
  names: number;
  /** Queries per answer kind. */
  byAnswer: Record<string, number>;
}

export interface BenchDns {
  server: string;
  counts(): BenchDnsCounts;
  /** Forget what was counted (the counts then cover the measured run only). */
  reset(): void;
  close(): Promise<void>;
}

const MX: ZoneAnswer = { mx: ['mx1.mail.example', 'mx2.mail.example'], a: ['192.0.2.10'], ttl: 300 };
const A_ONLY: ZoneAnswer = { a: ['192.0.2.11'], ttl: 300 };

/**
 * The resolver qualification asks (QUALIFY_DNS_SERVERS): a LoopbackDnsServer whose `resolve` hook answers the
 * generated company domains from their number (bench-leads.ts companyMail), gives the free-mail and disposable
 * providers an MX, and NXDOMAIN for anything else. TTLs are 300 s, as real mail domains publish; the counts show
 * how much qualification's own cache saves (queries against distinct names).
 */
export async function startBenchDns(seed: number): Promise<BenchDns> {
  const names = new Set<string>();
  const byAnswer: Record<string, number> = {};
  let queries = 0;
  const answer = (name: string): ZoneAnswer => {
    if (MAILBOX_PROVIDER_DOMAINS.has(name)) return MX;
    const k = companyNumberOf(name);
    if (k === undefined) return 'nxdomain';
    switch (companyMail(seed, k)) {
      case 'mx': return MX;
      case 'a-only': return A_ONLY;
      case 'nxdomain': return 'nxdomain';
      case 'servfail': return 'servfail';
    }
  };
  const dns = await LoopbackDnsServer.start({
    // The hook sees every query (no zones are set), so it does the counting; the server's own per-name counts
    // are kept to a minimum, they would hold a million names otherwise.
    maxTrackedNames: 1,
    resolve: (name) => {
      const a = answer(name);
      queries++;
      names.add(name);
      const key = typeof a === 'string' ? a : a.mx ? 'mx' : 'a-only';
      byAnswer[key] = (byAnswer[key] ?? 0) + 1;
      return a;
    },
  });
  return {
    server: dns.server,
    counts: () => ({ queries, names: names.size, byAnswer: { ...byAnswer } }),
    reset: () => {
      queries = 0;
      names.clear();
      for (const k of Object.keys(byAnswer)) delete byAnswer[k];
      dns.resetCounts();
    },
    close: () => dns.close(),
  };
}
