import { isIPv4, isIPv6 } from 'node:net';

/** Configuration of DomainMailCheck, validated as a whole: every bad option is reported at once, by name. */
export interface DomainMailCheckOptions {
  /**
   * Resolver addresses, `ip` or `ip:port` (`[v6]:port` for IPv6), tried in order; any port, so a loopback server on
   * 127.0.0.1:5353 works. Hostnames are refused (a resolver cannot need DNS to find itself). Default: the system
   * resolver's servers.
   */
  servers?: readonly string[];
  /** Per-try timeout of one query, ms (c-ares grows it on later tries). Default 2000. */
  timeoutMs?: number;
  /** Tries per query and server before ETIMEOUT. Default 2. */
  tries?: number;
  /** How long `found` and `a-fallback` answers are cached, ms. Default 6 h. */
  positiveTtlMs?: number;
  /** How long `none` and `nxdomain` answers are cached, ms. Default 15 min. */
  negativeTtlMs?: number;
  /** How long `timeout` and `error` outcomes are cached, ms; 0 retries every time. Default 30 s. */
  failureTtlMs?: number;
  /** Cached domains at most (least recently used go first). Default 100,000. */
  maxEntries?: number;
  /** DNS queries outstanding at once; further queries wait their turn. Default 64. */
  concurrency?: number;
  /** Clock for cache expiry (tests); default performance.now. Only differences matter. */
  now?: () => number;
}

export interface ResolvedDomainMailCheckOptions {
  servers: string[] | undefined;
  timeoutMs: number;
  tries: number;
  positiveTtlMs: number;
  negativeTtlMs: number;
  failureTtlMs: number;
  maxEntries: number;
  concurrency: number;
  now: (() => number) | undefined;
}

export const DEFAULT_DOMAIN_MAIL_CHECK_OPTIONS = {
  timeoutMs: 2000,
  tries: 2,
  positiveTtlMs: 6 * 3600_000,
  negativeTtlMs: 15 * 60_000,
  failureTtlMs: 30_000,
  maxEntries: 100_000,
  concurrency: 64,
} as const;

export interface DnsCheckConfigIssue {
  /** The option, e.g. `servers[1]` or `timeoutMs`. */
  option: string;
  message: string;
}

export class DnsCheckConfigError extends Error {
  constructor(readonly issues: readonly DnsCheckConfigIssue[]) {
    super(`invalid DNS check configuration: ${issues.map((i) => `${i.option}: ${i.message}`).join('; ')}`);
    this.name = 'DnsCheckConfigError';
  }
}

const HOST_PORT = /^(.*):(\d{1,5})$/;

/** Parses one server entry into the `ip` / `ip:port` / `[v6]:port` form Resolver.setServers takes. */
export function parseDnsServer(entry: string): { ok: true; server: string } | { ok: false; message: string } {
  const value = entry.trim();
  if (value === '') return { ok: false, message: 'is empty' };
  if (isIPv4(value) || isIPv6(value)) return { ok: true, server: value };
  let host: string;
  let portText: string;
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(value);
  if (bracket) {
    host = bracket[1]!;
    if (!isIPv6(host)) return { ok: false, message: `"${value}": [${host}] is not an IPv6 address` };
    if (bracket[2] === undefined) return { ok: true, server: host };
    portText = bracket[2];
  } else {
    const m = HOST_PORT.exec(value);
    if (!m) return { ok: false, message: `"${value}" is not an IP address or ip:port (a hostname cannot be a resolver)` };
    host = m[1]!;
    portText = m[2]!;
    if (!isIPv4(host)) {
      const hint = isIPv6(host) ? ' (write IPv6 with a port as [addr]:port)' : ' (a hostname cannot be a resolver)';
      return { ok: false, message: `"${value}": "${host}" is not an IPv4 address${hint}` };
    }
  }
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return { ok: false, message: `"${value}": port ${portText} is outside 1-65535` };
  return { ok: true, server: isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}` };
}

/**
 * `DNS_SERVERS`-style text: entries separated by commas or whitespace. An empty string means "use the system
 * resolver" (undefined).
 */
export function splitDnsServerList(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const entries = text.split(/[\s,]+/).filter((s) => s !== '');
  return entries.length > 0 ? entries : undefined;
}

export function resolveDomainMailCheckOptions(options: DomainMailCheckOptions = {}): ResolvedDomainMailCheckOptions {
  const issues: DnsCheckConfigIssue[] = [];
  let servers: string[] | undefined;
  if (options.servers !== undefined) {
    if (!Array.isArray(options.servers)) {
      issues.push({ option: 'servers', message: 'must be a list of ip or ip:port strings' });
    } else if (options.servers.length === 0) {
      issues.push({ option: 'servers', message: 'is empty; leave it out to use the system resolver' });
    } else {
      servers = [];
      options.servers.forEach((entry, i) => {
        if (typeof entry !== 'string') {
          issues.push({ option: `servers[${i}]`, message: 'must be a string' });
          return;
        }
        const parsed = parseDnsServer(entry);
        if (parsed.ok) servers!.push(parsed.server);
        else issues.push({ option: `servers[${i}]`, message: parsed.message });
      });
    }
  }
  const d = DEFAULT_DOMAIN_MAIL_CHECK_OPTIONS;
  const int = (name: keyof typeof d, min: number, max: number): number => {
    const value = options[name] ?? d[name];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      issues.push({ option: name, message: `must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}` });
      return d[name];
    }
    return value;
  };
  const resolved: ResolvedDomainMailCheckOptions = {
    servers,
    timeoutMs: int('timeoutMs', 1, 60_000),
    tries: int('tries', 1, 10),
    positiveTtlMs: int('positiveTtlMs', 1, 7 * 24 * 3600_000),
    negativeTtlMs: int('negativeTtlMs', 1, 7 * 24 * 3600_000),
    failureTtlMs: int('failureTtlMs', 0, 24 * 3600_000),
    maxEntries: int('maxEntries', 1, 10_000_000),
    concurrency: int('concurrency', 1, 10_000),
    now: options.now,
  };
  if (options.now !== undefined && typeof options.now !== 'function') issues.push({ option: 'now', message: 'must be a function' });
  if (issues.length === 0 && resolved.negativeTtlMs > resolved.positiveTtlMs) {
    issues.push({ option: 'negativeTtlMs', message: `(${resolved.negativeTtlMs}) must not exceed positiveTtlMs (${resolved.positiveTtlMs})` });
  }
  if (issues.length > 0) throw new DnsCheckConfigError(issues);
  return resolved;
}
