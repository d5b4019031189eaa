import { DomainMailCheck } from '#libs/dns-check';
import { LoopbackDnsServer } from '../../../../tools/dev-fakes/dns/loopback-dns-server.js';
import { classifyEmail } from '#libs/lead-qualification';
import { mailDomainFacts } from './mail-domain-facts.js';

describe('mailDomainFacts', () => {
  let dns: LoopbackDnsServer;
  beforeAll(async () => {
    dns = await LoopbackDnsServer.start({
      zones: { 'acme.example': { mx: ['mx.acme.example'] }, 'web.example': { a: ['192.0.2.1'] }, 'gone.example': 'nxdomain', 'slow.example': 'drop' },
    });
  });
  afterAll(() => dns.close());

  it('answers each distinct domain from a real resolver, a timeout as risky and never invalid', async () => {
    const checker = new DomainMailCheck({ servers: [dns.server], timeoutMs: 200, tries: 1 });
    const facts = await mailDomainFacts(checker, ['acme.example', 'web.example', 'gone.example', 'slow.example']);
    expect(Object.fromEntries(facts)).toEqual({
      'acme.example': { mx: 'found' },
      'web.example': { mx: 'a-fallback' },
      'gone.example': { mx: 'nxdomain' },
      'slow.example': { mx: 'timeout' },
    });
    expect(classifyEmail('ann@slow.example', facts.get('slow.example')!).verdict).toBe('risky');
    expect(classifyEmail('ann@gone.example', facts.get('gone.example')!).verdict).toBe('invalid');
  });

  it('turns a checker that throws into an unverified answer', async () => {
    const facts = await mailDomainFacts({ check: () => Promise.reject(new Error('boom')) }, ['acme.example']);
    expect(facts.get('acme.example')).toEqual({ mx: 'error' });
  });
});
