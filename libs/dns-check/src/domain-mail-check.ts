import { Resolver } from 'node:dns/promises';
import { LRUCache } from 'lru-cache';
import type { DomainFacts, MxStatus } from '#libs/lead-qualification';
import { resolveDomainMailCheckOptions, type DomainMailCheckOptions, type ResolvedDomainMailCheckOptions } from './dns-check-config.js';

/**
 * Can this domain receive mail? MX lookup with the RFC 5321 §5.1 A/AAAA fallback, through Node's
 * `node:dns/promises` Resolver (c-ares) pointed at configurable servers, with a cache and in-flight de-duplication:
 * 1,000 leads at one company cost one lookup.
 *
 * Outcomes (the `mx` of lead-qualification's DomainFacts):
 * - `found`: at least one MX host.
 * - `a-fallback`: no MX records (NODATA) but an A or AAAA record: mail goes to the domain itself.
 * - `none`: no MX, no A, no AAAA; or a null MX (RFC 7505 `MX 0 .`): the domain takes no mail.
 * - `nxdomain`: the domain does not exist (ENOTFOUND on the MX query).
 * - `timeout`: no answer in time (ETIMEOUT).
 * - `error`: any other failure: SERVFAIL, REFUSED, connection refused, a bad response. Like `timeout`, it
 *   says nothing about the address, so qualification treats it as risky and never as invalid.
 */

export interface DomainMailFacts extends DomainFacts {
  mx: MxStatus;
  /** MX hosts by preference (found), or the domain itself (a-fallback). */
  hosts?: string[];
  /** The resolver's error code, or a note such as `null MX`, for the reasons shown to operators. */
  detail?: string;
}

export interface DomainMailCheckStats {
  /** check() calls. */
  checks: number;
  /** Answered from the cache. */
  cacheHits: number;
  /** Joined a lookup already under way for the same domain. */
  inflightJoins: number;
  /** Lookups performed (each is one to three DNS queries). */
  lookups: number;
  /** DNS queries sent. */
  queries: number;
  /** Queries running now / waiting for a slot. */
  active: number;
  queued: number;
  cacheSize: number;
}

type QueryType = 'MX' | 'A' | 'AAAA';
type QueryOutcome = { ok: true; hosts: string[] } | { ok: false; code: string };

const DOMAIN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;
const NEGATIVE: ReadonlySet<MxStatus> = new Set(['none', 'nxdomain']);
const FAILURE: ReadonlySet<MxStatus> = new Set(['timeout', 'error']);

export class DomainMailCheck {
  private readonly options: ResolvedDomainMailCheckOptions;
  private readonly resolver: Resolver;
  private readonly cache: LRUCache<string, DomainMailFacts>;
  private readonly inflight = new Map<string, Promise<DomainMailFacts>>();
  /** FIFO of queries waiting for a slot; `head` avoids O(n) shifts on long queues. */
  private waiting: Array<() => void> = [];
  private head = 0;
  private active = 0;
  private readonly counters = { checks: 0, cacheHits: 0, inflightJoins: 0, lookups: 0, queries: 0 };

  /** Throws DnsCheckConfigError naming every bad option. */
  constructor(options: DomainMailCheckOptions = {}) {
    this.options = resolveDomainMailCheckOptions(options);
    this.resolver = new Resolver({ timeout: this.options.timeoutMs, tries: this.options.tries });
    if (this.options.servers) this.resolver.setServers(this.options.servers);
    const now = this.options.now;
    this.cache = new LRUCache<string, DomainMailFacts>({
      max: this.options.maxEntries,
      ttl: this.options.positiveTtlMs,
      ...(now ? { perf: { now }, ttlResolution: 0 } : {}),
    });
  }

  /** The servers in use, as the resolver reports them. */
  servers(): string[] {
    return this.resolver.getServers();
  }

  /** `domain` is the lower-case ASCII (punycode) domain, as lead-intake's normaliseEmail returns it. */
  async check(domain: string): Promise<DomainMailFacts> {
    this.counters.checks++;
    const key = domain.toLowerCase().replace(/\.$/, '');
    if (!DOMAIN.test(key)) return { mx: 'error', detail: 'not a valid ASCII domain name' };
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      this.counters.cacheHits++;
      return copy(cached);
    }
    const running = this.inflight.get(key);
    if (running !== undefined) {
      this.counters.inflightJoins++;
      return copy(await running);
    }
    const lookup = this.lookup(key).finally(() => this.inflight.delete(key));
    this.inflight.set(key, lookup);
    const facts = await lookup;
    this.remember(key, facts);
    return copy(facts);
  }

  stats(): DomainMailCheckStats {
    return { ...this.counters, active: this.active, queued: this.waiting.length - this.head, cacheSize: this.cache.size };
  }

  /** Forget every cached answer (lookups under way finish and are cached). */
  clear(): void {
    this.cache.clear();
  }

  /** Cancels queries under way: their checks resolve as `error` (ECANCELLED) and are not cached. */
  cancel(): void {
    this.resolver.cancel();
  }

  private remember(key: string, facts: DomainMailFacts): void {
    if (facts.detail === 'ECANCELLED') return;
    const { positiveTtlMs, negativeTtlMs, failureTtlMs } = this.options;
    const ttl = NEGATIVE.has(facts.mx) ? negativeTtlMs : FAILURE.has(facts.mx) ? failureTtlMs : positiveTtlMs;
    if (ttl > 0) this.cache.set(key, facts, { ttl });
  }

  private async lookup(domain: string): Promise<DomainMailFacts> {
    this.counters.lookups++;
    const mx = await this.query('MX', domain);
    if (mx.ok) {
      const hosts = mx.hosts.filter((h) => h !== '' && h !== '.');
      if (hosts.length > 0) return { mx: 'found', hosts };
      if (mx.hosts.length > 0) return { mx: 'none', detail: 'null MX (RFC 7505): the domain accepts no mail' };
    } else if (mx.code === 'ENOTFOUND') {
      return { mx: 'nxdomain', detail: 'ENOTFOUND' };
    } else if (mx.code !== 'ENODATA') {
      return failure(mx.code);
    }
    // NODATA for MX: RFC 5321 §5.1 implicit MX, the domain's own address records.
    for (const type of ['A', 'AAAA'] as const) {
      const address = await this.query(type, domain);
      if (address.ok && address.hosts.length > 0) return { mx: 'a-fallback', hosts: [domain] };
      // ENOTFOUND after an MX NODATA is a zone changing under us: no address either way.
      if (!address.ok && address.code !== 'ENODATA' && address.code !== 'ENOTFOUND') return failure(address.code);
    }
    return { mx: 'none', detail: 'no MX, A or AAAA records' };
  }

  private async query(type: QueryType, domain: string): Promise<QueryOutcome> {
    await this.acquire();
    this.counters.queries++;
    try {
      if (type === 'MX') {
        const records = await this.resolver.resolveMx(domain);
        records.sort((a, b) => a.priority - b.priority || (a.exchange < b.exchange ? -1 : a.exchange > b.exchange ? 1 : 0));
        return { ok: true, hosts: records.map((r) => r.exchange.toLowerCase()) };
      }
      const addresses = type === 'A' ? await this.resolver.resolve4(domain) : await this.resolver.resolve6(domain);
      return { ok: true, hosts: addresses };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException | undefined)?.code;
      return { ok: false, code: typeof code === 'string' ? code : 'EUNKNOWN' };
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.active < this.options.concurrency) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    if (this.head < this.waiting.length) {
      const next = this.waiting[this.head++]!;
      if (this.head > 1024 && this.head * 2 > this.waiting.length) {
        this.waiting = this.waiting.slice(this.head);
        this.head = 0;
      }
      next(); // the slot passes straight to the next query
    } else {
      this.active--;
    }
  }
}

function failure(code: string): DomainMailFacts {
  return { mx: code === 'ETIMEOUT' ? 'timeout' : 'error', detail: code };
}

function copy(facts: DomainMailFacts): DomainMailFacts {
  return facts.hosts ? { ...facts, hosts: [...facts.hosts] } : { ...facts };
}
