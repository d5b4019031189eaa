import { LoopbackDnsServer } from '../../dev-fakes/dns/loopback-dns-server.js';

/**
 * The DNS server qualification asks when QUALIFY_DNS_SERVERS is not set, as the SendGrid sandbox stands in for
 * SendGrid: the demo's and tests' leads live under the reserved `.example` TLD, which real DNS answers with
 * NXDOMAIN (every lead would be invalid). Names under `.example` get an MX; `nomail.example` has only an A record
 * (deliverable by the A fallback); `gone.example` does not exist;
 * anything else gets SERVFAIL, which qualification treats as risky, never invalid.
 */
export async function startDevDns(): Promise<{ server: string; stop: () => Promise<void> }> {
  const dns = await LoopbackDnsServer.start({
    zones: {
      '*.example': { mx: ['mx.mail.example'], a: ['192.0.2.10'] },
      '*.nomail.example': { a: ['192.0.2.11'] },
      'nomail.example': { a: ['192.0.2.11'] },
      '*.gone.example': 'nxdomain',
      'gone.example': 'nxdomain',
    },
    fallback: 'servfail',
  });
  return { server: dns.server, stop: () => dns.close() };
}
