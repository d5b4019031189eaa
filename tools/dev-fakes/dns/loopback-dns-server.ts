import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { isIPv4, isIPv6 } from 'node:net';
import * as dnsPacket from 'dns-packet';

/**
 * A small authoritative DNS server on loopback UDP for tests, the demo and benchmarks. It answers MX, A and AAAA questions from a zone map; every other question type gets an
 * empty answer (NODATA) for a known name.
 *
 *   const dns = await LoopbackDnsServer.start({ zones: {
 *     'example.com': { mx: ['mx1.example.com'], a: ['192.0.2.1'] },
 *     'slow.test': { delayMs: 3000 },          // answers NODATA after 3 s
 *     'gone.test': 'nxdomain',
 *     '*.bench.test': { mx: ['mx.bench.test'] }, // any name below bench.test
 *   } });
 *   resolver.setServers([dns.server]);          // "127.0.0.1:<port>"
 *
 * Name lookup order: exact name, then the nearest `*.parent` wildcard, then `resolve(name)`, then `fallback`
 * (default NXDOMAIN). Names are compared lower-case without the trailing dot.
 *
 * Tests that depend on timing wait for events instead of sleeping: `whenReceived(n)` resolves once n packets have
 * arrived, and a zone with `hold: true` answers only when the test calls `release()`.
 *
 * Robustness: undecodable packets, responses, packets without a question and non-QUERY opcodes never crash it
 * (the last two get FORMERR / NOTIMP); answers too large for the client's UDP size are sent truncated (TC); close()
 * cancels delayed answers and resolves once the socket is closed.
 */

export type ZoneAnswer =
  /** NXDOMAIN: the name does not exist. */
  | 'nxdomain'
  /** SERVFAIL. */
  | 'servfail'
  /** REFUSED. */
  | 'refused'
  /** Never answer: the client times out. */
  | 'drop'
  | ZoneRecords;

export interface ZoneRecords {
  /** Mail exchangers; a bare name gets priority 10, 20, … in list order. */
  mx?: ReadonlyArray<string | { exchange: string; priority: number }>;
  /** Publish the RFC 7505 null MX (`MX 0 .`): the domain takes no mail. */
  nullMx?: boolean;
  a?: readonly string[];
  aaaa?: readonly string[];
  /** Answer this long after the query arrives. */
  delayMs?: number;
  /** Keep the answer until `release()`: a test decides exactly when the client hears back, on any machine. */
  hold?: boolean;
  /** TTL of the records, seconds; default the server's `ttl`. */
  ttl?: number;
}

export type ZoneMap = Readonly<Record<string, ZoneAnswer>>;

export interface LoopbackDnsServerOptions {
  zones?: ZoneMap;
  /** For generated names (benchmarks): consulted when neither an exact name nor a wildcard matches. */
  resolve?: (name: string) => ZoneAnswer | undefined;
  /** Answer for names nobody knows. Default `'nxdomain'`. */
  fallback?: ZoneAnswer;
  /**
   * Default record TTL in seconds. Default 0, because c-ares (Node's resolver, 1.23+) caches answers by TTL inside
   * each Resolver: with TTL 0 every lookup the code under test makes reaches this server and can be counted.
   */
  ttl?: number;
  /** Bind address, 127.0.0.1 (default) or ::1. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Names whose queries are counted one by one (queryCount); later new names only count in the totals. */
  maxTrackedNames?: number;
}

export interface LoopbackDnsStats {
  received: number;
  answered: number;
  /** Packets that could not be decoded, or were responses: ignored. */
  ignored: number;
  /** Queries deliberately not answered (`'drop'`). */
  dropped: number;
  truncated: number;
}

type Rcode = 0 | 1 | 2 | 3 | 4 | 5;
const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;
const QR = 1 << 15;
const OPCODE_MASK = 0xf << 11;
const CLASSIC_UDP_LIMIT = 512;
const MAX_DELAY_MS = 600_000;

export class LoopbackDnsServer {
  private readonly zones = new Map<string, ZoneAnswer>();
  private readonly counts = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly held: Array<() => void> = [];
  private readonly receivedWaiters: Array<{ count: number; resolve: () => void }> = [];
  private readonly statsValue: LoopbackDnsStats = { received: 0, answered: 0, ignored: 0, dropped: 0, truncated: 0 };
  private closed: Promise<void> | undefined;

  private constructor(
    private readonly socket: Socket,
    private readonly options: LoopbackDnsServerOptions,
    readonly host: string,
    readonly port: number,
  ) {
    for (const [name, answer] of Object.entries(options.zones ?? {})) this.setZone(name, answer);
  }

  static async start(options: LoopbackDnsServerOptions = {}): Promise<LoopbackDnsServer> {
    const host = options.host ?? '127.0.0.1';
    if (!isIPv4(host) && !isIPv6(host)) throw new Error(`LoopbackDnsServer host must be an IP address, got "${host}"`);
    const socket = createSocket(isIPv6(host) ? 'udp6' : 'udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(options.port ?? 0, host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    const server = new LoopbackDnsServer(socket, options, host, socket.address().port);
    socket.on('error', () => {
      // A send to a vanished client (ICMP unreachable) surfaces here; it must not take the server down.
      server.statsValue.ignored++;
    });
    socket.on('message', (msg, rinfo) => server.onMessage(msg, rinfo));
    return server;
  }

  /** `host:port` in the form `Resolver.setServers` takes (`[::1]:port` for IPv6). */
  get server(): string {
    return isIPv6(this.host) ? `[${this.host}]:${this.port}` : `${this.host}:${this.port}`;
  }

  setZone(name: string, answer: ZoneAnswer): void {
    this.zones.set(canonicalName(name), answer);
  }

  deleteZone(name: string): void {
    this.zones.delete(canonicalName(name));
  }

  /** Queries received for `name` (any type, or one type such as `'MX'`). */
  queryCount(name: string, type?: string): number {
    const key = canonicalName(name);
    if (type !== undefined) return this.counts.get(`${key} ${type.toUpperCase()}`) ?? 0;
    return this.counts.get(key) ?? 0;
  }

  stats(): LoopbackDnsStats {
    return { ...this.statsValue };
  }

  resetCounts(): void {
    this.counts.clear();
    Object.assign(this.statsValue, { received: 0, answered: 0, ignored: 0, dropped: 0, truncated: 0 });
  }

  /** Resolves once `count` packets have arrived since the start or the last `resetCounts()`. */
  whenReceived(count: number): Promise<void> {
    if (this.statsValue.received >= count) return Promise.resolve();
    return new Promise((resolve) => this.receivedWaiters.push({ count, resolve }));
  }

  /** Answers not sent yet: held ones and delayed ones. */
  pendingAnswers(): number {
    return this.held.length + this.timers.size;
  }

  /** Answers held for `hold: true` zones, waiting for `release()`. */
  heldAnswers(): number {
    return this.held.length;
  }

  /** Send up to `count` held answers (all by default), oldest first; returns how many were sent. */
  release(count = Infinity): number {
    const due = this.held.splice(0, Math.min(count, this.held.length));
    for (const send of due) send();
    return due.length;
  }

  async close(): Promise<void> {
    this.closed ??= new Promise<void>((resolve) => {
      for (const timer of this.timers) clearTimeout(timer);
      this.timers.clear();
      this.held.length = 0;
      this.socket.close(() => resolve());
    });
    return this.closed;
  }

  private onMessage(msg: Buffer, rinfo: RemoteInfo): void {
    if (this.closed) return;
    this.statsValue.received++;
    this.wakeReceivedWaiters();
    let query: dnsPacket.DecodedPacket;
    try {
      query = dnsPacket.decode(msg);
    } catch {
      this.statsValue.ignored++;
      return;
    }
    const flags = query.flags ?? 0;
    if (query.type === 'response' || (flags & QR) !== 0 || typeof query.id !== 'number') {
      this.statsValue.ignored++;
      return;
    }
    const question = query.questions?.[0];
    if ((flags & OPCODE_MASK) !== 0) return this.reply(query, rinfo, RCODE.NOTIMP, []);
    if (!question || typeof question.name !== 'string') return this.reply(query, rinfo, RCODE.FORMERR, []);

    const name = canonicalName(question.name);
    this.count(name, question.type);
    const answer = this.lookup(name);
    if (answer === 'drop') {
      this.statsValue.dropped++;
      return;
    }
    if (answer === 'nxdomain') return this.reply(query, rinfo, RCODE.NXDOMAIN, []);
    if (answer === 'servfail') return this.reply(query, rinfo, RCODE.SERVFAIL, []);
    if (answer === 'refused') return this.reply(query, rinfo, RCODE.REFUSED, []);

    const records = this.records(question, answer);
    if (answer.hold) {
      this.held.push(() => this.reply(query, rinfo, RCODE.NOERROR, records));
      return;
    }
    const delay = Math.min(Math.max(0, answer.delayMs ?? 0), MAX_DELAY_MS);
    if (delay === 0) return this.reply(query, rinfo, RCODE.NOERROR, records);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.reply(query, rinfo, RCODE.NOERROR, records);
    }, delay);
    this.timers.add(timer);
  }

  private wakeReceivedWaiters(): void {
    const received = this.statsValue.received;
    for (let i = this.receivedWaiters.length - 1; i >= 0; i--) {
      const waiter = this.receivedWaiters[i]!;
      if (received < waiter.count) continue;
      this.receivedWaiters.splice(i, 1);
      waiter.resolve();
    }
  }

  private lookup(name: string): ZoneAnswer {
    const exact = this.zones.get(name);
    if (exact !== undefined) return exact;
    for (let dot = name.indexOf('.'); dot !== -1; dot = name.indexOf('.', dot + 1)) {
      const wildcard = this.zones.get(`*.${name.slice(dot + 1)}`);
      if (wildcard !== undefined) return wildcard;
    }
    let generated: ZoneAnswer | undefined;
    try {
      generated = this.options.resolve?.(name);
    } catch {
      return 'servfail';
    }
    return generated ?? this.options.fallback ?? 'nxdomain';
  }

  private records(question: dnsPacket.Question, zone: ZoneRecords): dnsPacket.Answer[] {
    const ttl = zone.ttl ?? this.options.ttl ?? 0;
    const name = question.name;
    switch (question.type) {
      case 'MX': {
        if (zone.nullMx) return [{ type: 'MX', name, ttl, class: 'IN', data: { preference: 0, exchange: '.' } }];
        return (zone.mx ?? []).map((mx, i) => {
          const { exchange, priority } = typeof mx === 'string' ? { exchange: mx, priority: 10 * (i + 1) } : mx;
          return { type: 'MX', name, ttl, class: 'IN', data: { preference: priority, exchange } };
        });
      }
      case 'A':
        return (zone.a ?? []).filter((ip) => isIPv4(ip)).map((data) => ({ type: 'A', name, ttl, class: 'IN', data }));
      case 'AAAA':
        return (zone.aaaa ?? []).filter((ip) => isIPv6(ip)).map((data) => ({ type: 'AAAA', name, ttl, class: 'IN', data }));
      default:
        return [];
    }
  }

  private reply(query: dnsPacket.DecodedPacket, rinfo: RemoteInfo, rcode: Rcode, answers: dnsPacket.Answer[]): void {
    if (this.closed) return;
    const rd = (query.flags ?? 0) & dnsPacket.RECURSION_DESIRED;
    const base = { type: 'response' as const, id: query.id, questions: query.questions ?? [], authorities: [], additionals: [] };
    let flags = dnsPacket.AUTHORITATIVE_ANSWER | dnsPacket.RECURSION_AVAILABLE | rd | rcode;
    let packet: Buffer;
    try {
      packet = dnsPacket.encode({ ...base, flags, answers });
      if (packet.length > udpLimit(query)) {
        this.statsValue.truncated++;
        flags |= dnsPacket.TRUNCATED_RESPONSE;
        packet = dnsPacket.encode({ ...base, flags, answers: [] });
      }
    } catch {
      // A zone entry the encoder refuses (a malformed name) answers SERVFAIL rather than nothing.
      packet = dnsPacket.encode({ ...base, flags: dnsPacket.RECURSION_AVAILABLE | rd | RCODE.SERVFAIL, answers: [] });
    }
    this.socket.send(packet, rinfo.port, rinfo.address, (err) => {
      if (err) this.statsValue.ignored++;
      else this.statsValue.answered++;
    });
  }

  private count(name: string, type: string): void {
    const limit = this.options.maxTrackedNames ?? 1_000_000;
    const typed = `${name} ${type}`;
    if (!this.counts.has(name) && this.counts.size >= limit * 2) return;
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
    this.counts.set(typed, (this.counts.get(typed) ?? 0) + 1);
  }
}

function canonicalName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

function udpLimit(query: dnsPacket.DecodedPacket): number {
  const opt = query.additionals?.find((a) => a.type === 'OPT') as { udpPayloadSize?: number } | undefined;
  const size = opt?.udpPayloadSize;
  return typeof size === 'number' && size > CLASSIC_UDP_LIMIT ? Math.min(size, 65_000) : CLASSIC_UDP_LIMIT;
}
