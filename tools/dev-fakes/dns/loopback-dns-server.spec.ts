import { createSocket } from 'node:dgram';
import { Resolver } from 'node:dns/promises';
import * as dnsPacket from 'dns-packet';
import { DomainMailCheck } from '#libs/dns-check';
import { LoopbackDnsServer } from './loopback-dns-server.js';

const query = (name: string, type: dnsPacket.RecordType = 'MX', extra: Partial<dnsPacket.Packet> = {}) =>
  dnsPacket.encode({ type: 'query', id: 4242, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, name, class: 'IN' }], ...extra });

const PROBE_ID = 777;

/**
 * Sends raw bytes to the server and returns its reply, or undefined if it sent none. Instead of waiting an
 * arbitrary time for a reply that may never come, a probe query follows on the same socket: the server handles
 * packets in order, so if the first reply is the probe's, the bytes got no reply.
 */
async function exchange(server: LoopbackDnsServer, bytes: Buffer): Promise<dnsPacket.DecodedPacket | undefined> {
  const socket = createSocket('udp4');
  try {
    return await new Promise((resolve) => {
      socket.once('message', (msg) => {
        const reply = dnsPacket.decode(msg);
        resolve(reply.id === PROBE_ID ? undefined : reply);
      });
      socket.send(bytes, server.port, server.host, () => socket.send(query('example.com', 'MX', { id: PROBE_ID }), server.port, server.host));
    });
  } finally {
    socket.close();
  }
}

describe('LoopbackDnsServer', () => {
  let dns: LoopbackDnsServer;
  let resolver: Resolver;

  beforeAll(async () => {
    dns = await LoopbackDnsServer.start({
      zones: {
        'example.com': { mx: ['mx1.example.com'], a: ['192.0.2.1'] },
        '*.bench.test': { mx: ['mx.bench.test'] },
        'exact.bench.test': 'nxdomain',
        'big.test': { mx: Array.from({ length: 40 }, (_, i) => `mail-exchanger-number-${i}.big.test`) },
        'bad-ip.test': { a: ['not-an-ip', '192.0.2.9'] },
      },
      resolve: (name) => {
        const m = /^gen(\d+)\.test$/.exec(name);
        if (!m) return undefined;
        return Number(m[1]) % 2 === 0 ? { mx: [`mx.${name}`] } : 'nxdomain';
      },
      fallback: 'refused',
    });
    resolver = new Resolver({ timeout: 300, tries: 1 });
    resolver.setServers([dns.server]);
  });

  afterAll(async () => {
    await dns.close();
  });

  it('binds a random free port on 127.0.0.1', () => {
    expect(dns.host).toBe('127.0.0.1');
    expect(dns.port).toBeGreaterThan(0);
    expect(dns.server).toBe(`127.0.0.1:${dns.port}`);
  });

  it('answers MX and A from the zone map, NODATA for other types', async () => {
    expect(await resolver.resolveMx('example.com')).toEqual([{ exchange: 'mx1.example.com', priority: 10 }]);
    expect(await resolver.resolve4('example.com')).toEqual(['192.0.2.1']);
    await expect(resolver.resolveTxt('example.com')).rejects.toMatchObject({ code: 'ENODATA' });
  });

  it('uses an exact name before a wildcard, a wildcard before resolve(), resolve() before the fallback', async () => {
    expect(await resolver.resolveMx('anything.bench.test')).toEqual([{ exchange: 'mx.bench.test', priority: 10 }]);
    expect(await resolver.resolveMx('deep.er.bench.test')).toEqual([{ exchange: 'mx.bench.test', priority: 10 }]);
    await expect(resolver.resolveMx('exact.bench.test')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(resolver.resolveMx('bench.test')).rejects.toMatchObject({ code: 'EREFUSED' }); // the wildcard is below only
    expect(await resolver.resolveMx('gen2.test')).toEqual([{ exchange: 'mx.gen2.test', priority: 10 }]);
    await expect(resolver.resolveMx('gen3.test')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(resolver.resolveMx('unknown.test')).rejects.toMatchObject({ code: 'EREFUSED' });
  });

  it('serves thousands of generated domains through DomainMailCheck', async () => {
    const check = new DomainMailCheck({ servers: [dns.server], timeoutMs: 1000, tries: 2, concurrency: 64 });
    const results = await Promise.all(Array.from({ length: 2000 }, (_, i) => check.check(`d${i}.bench.test`)));
    expect(results.filter((r) => r.mx === 'found')).toHaveLength(2000);
  });

  it('counts queries by name and type, and can reset', async () => {
    dns.resetCounts();
    await resolver.resolveMx('Example.COM');
    await resolver.resolve4('example.com');
    expect([dns.queryCount('example.com'), dns.queryCount('example.com', 'mx'), dns.queryCount('EXAMPLE.com.', 'A')]).toEqual([2, 1, 1]);
    expect(dns.stats()).toEqual(expect.objectContaining({ received: 2, answered: 2 }));
    dns.resetCounts();
    expect(dns.queryCount('example.com')).toBe(0);
  });

  it('holds a hold: true answer until release(), oldest first', async () => {
    dns.resetCounts();
    dns.setZone('held.test', { hold: true, mx: ['mx.held.test'] });
    dns.setZone('held2.test', { hold: true, mx: ['mx.held2.test'] });
    // Its own resolver with a timeout no loaded machine reaches: the answers wait for release(), not a clock.
    const patient = new Resolver({ timeout: 10_000, tries: 1 });
    patient.setServers([dns.server]);
    const answers: string[] = [];
    const first = patient.resolveMx('held.test').then((r) => answers.push(r[0]!.exchange));
    await dns.whenReceived(1);
    const second = patient.resolveMx('held2.test').then((r) => answers.push(r[0]!.exchange));
    await dns.whenReceived(2);
    expect([dns.heldAnswers(), answers]).toEqual([2, []]);
    expect(dns.release(1)).toBe(1);
    await first;
    expect([dns.heldAnswers(), answers]).toEqual([1, ['mx.held.test']]);
    expect(dns.release()).toBe(1);
    await second;
    expect(answers).toEqual(['mx.held.test', 'mx.held2.test']);
    dns.deleteZone('held.test');
    dns.deleteZone('held2.test');
  });

  it('zones can change while it runs', async () => {
    dns.setZone('late.test', { a: ['192.0.2.5'] });
    expect(await resolver.resolve4('late.test')).toEqual(['192.0.2.5']);
    dns.deleteZone('late.test');
    await expect(resolver.resolve4('late.test')).rejects.toMatchObject({ code: 'EREFUSED' });
  });

  it('skips zone addresses that are not IPs', async () => {
    expect(await resolver.resolve4('bad-ip.test')).toEqual(['192.0.2.9']);
  });

  it('ignores malformed packets and responses, and keeps serving', async () => {
    dns.resetCounts();
    expect(await exchange(dns, Buffer.from([1, 2, 3]))).toBeUndefined();
    expect(await exchange(dns, Buffer.alloc(0))).toBeUndefined();
    expect(await exchange(dns, Buffer.from('GET / HTTP/1.1\r\n\r\n'))).toBeUndefined();
    const response = dnsPacket.encode({ type: 'response', id: 1, flags: 0, questions: [{ type: 'MX', name: 'example.com' }], answers: [] });
    expect(await exchange(dns, response)).toBeUndefined();
    // Four ignored, four probes answered.
    expect(dns.stats()).toEqual(expect.objectContaining({ received: 8, ignored: 4 }));
    expect(dns.queryCount('example.com')).toBe(4);
    expect(await resolver.resolveMx('example.com')).toHaveLength(1);
  });

  it('answers FORMERR without a question and NOTIMP for other opcodes', async () => {
    const empty = await exchange(dns, dnsPacket.encode({ type: 'query', id: 7, questions: [] }));
    expect(empty && { id: empty.id, rcode: (empty as unknown as { rcode: string }).rcode }).toEqual({ id: 7, rcode: 'FORMERR' });
    const notify = await exchange(dns, query('example.com', 'SOA', { flags: 4 << 11 }));
    expect(notify && (notify as unknown as { rcode: string }).rcode).toBe('NOTIMP');
  });

  it('echoes the id and question, authoritative', async () => {
    const reply = await exchange(dns, query('example.com'));
    expect(reply).toEqual(
      expect.objectContaining({ id: 4242, flag_qr: true, flag_aa: true, flag_rd: true, questions: [expect.objectContaining({ name: 'example.com', type: 'MX' })] }),
    );
  });

  it('truncates answers that exceed the client UDP size', async () => {
    const classic = await exchange(dns, query('big.test'));
    expect(classic).toEqual(expect.objectContaining({ flag_tc: true, answers: [] }));
    const edns = await exchange(dns, query('big.test', 'MX', { additionals: [{ type: 'OPT', name: '.', udpPayloadSize: 4096 } as dnsPacket.Answer] }));
    expect(edns).toEqual(expect.objectContaining({ flag_tc: false }));
    expect(edns!.answers).toHaveLength(40);
  });
});

describe('LoopbackDnsServer lifecycle', () => {
  it('close() cancels delayed and held answers, is idempotent, and frees the port', async () => {
    const dns = await LoopbackDnsServer.start({ zones: { 'slow.test': { delayMs: 5000, mx: ['mx.slow.test'] }, 'held.test': { hold: true, mx: ['mx.held.test'] } } });
    const resolver = new Resolver({ timeout: 200, tries: 1 });
    resolver.setServers([dns.server]);
    const pending = ['slow.test', 'held.test'].map((name) => resolver.resolveMx(name).catch((e: NodeJS.ErrnoException) => e.code));
    await dns.whenReceived(2);
    expect([dns.pendingAnswers(), dns.heldAnswers()]).toEqual([2, 1]);
    await Promise.all([dns.close(), dns.close()]);
    expect(dns.pendingAnswers()).toBe(0);
    expect(dns.release()).toBe(0);
    expect(await Promise.all(pending)).toEqual(['ETIMEOUT', 'ETIMEOUT']);
    const again = await LoopbackDnsServer.start({ port: dns.port });
    expect(again.port).toBe(dns.port);
    await again.close();
  });

  it('a resolve() hook that throws answers SERVFAIL', async () => {
    const dns = await LoopbackDnsServer.start({
      resolve: () => {
        throw new Error('generator bug');
      },
    });
    const resolver = new Resolver({ timeout: 200, tries: 1 });
    resolver.setServers([dns.server]);
    await expect(resolver.resolveMx('x.test')).rejects.toMatchObject({ code: 'ESERVFAIL' });
    await dns.close();
  });

  it('refuses a host that is not an IP address', async () => {
    await expect(LoopbackDnsServer.start({ host: 'localhost' })).rejects.toThrow('must be an IP address');
  });

  it('reports a port that is taken', async () => {
    const first = await LoopbackDnsServer.start();
    await expect(LoopbackDnsServer.start({ port: first.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    await first.close();
  });
});
