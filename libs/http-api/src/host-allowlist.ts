import type { NextFunction, Request, Response } from 'express';
import type { ApiErrorBody } from './api-error.js';

/** One allowed `Host`: a name (lower case, IPv6 in brackets) and a port, or null for any port. */
export interface AllowedHost {
  name: string;
  port: number | null;
}

/** "a.example:3000, localhost, [::1]:3000" → entries; an entry without a port allows any port. */
export function parseAllowedHosts(list: string): AllowedHost[] {
  return list
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((entry) => {
      const parsed = splitHost(entry);
      if (!parsed) throw new Error(`"${entry}" is not a host or host:port`);
      return parsed;
    });
}

/** Whether a request's Host header names one of the allowed hosts. A missing or malformed header never does. */
export function hostAllowed(header: string | undefined, allowed: readonly AllowedHost[]): boolean {
  if (!header) return false;
  const host = splitHost(header);
  if (!host) return false;
  return allowed.some((a) => a.name === host.name && (a.port === null || a.port === host.port));
}

/**
 * Loopback names on the service's own port, and the host it listens on when that is a name or address rather than
 * "every interface": what a service on a developer's machine is called by.
 */
export function defaultAllowedHosts(port: number, listenHost: string): AllowedHost[] {
  const names = ['127.0.0.1', 'localhost', '[::1]'];
  const own = splitHost(listenHost.includes(':') && !listenHost.startsWith('[') ? `[${listenHost}]` : listenHost);
  if (own && own.name !== '0.0.0.0' && own.name !== '[::]' && !names.includes(own.name)) names.push(own.name);
  return names.map((name) => ({ name, port }));
}

/**
 * Express middleware answering 421 (Misdirected Request) to a `Host` outside the allowlist: a page on another site
 * that rebinds its DNS name to this address still sends its own name, so it reaches nothing. Paths in `open` (probes
 * and the metrics scrape, which address a pod by its IP) are not checked.
 */
export function hostAllowlist(allowed: readonly AllowedHost[], open: readonly string[] = []) {
  const openPaths = new Set(open);
  const names = allowed.map((a) => (a.port === null ? a.name : `${a.name}:${a.port}`)).join(', ');
  return (req: Request, res: Response, next: NextFunction) => {
    if (openPaths.has(req.path) || hostAllowed(req.headers.host, allowed)) return next();
    const body: ApiErrorBody = {
      code: 'misdirected_request',
      message: `this service does not answer for host ${JSON.stringify(req.headers.host ?? '')}`,
      details: [{ field: 'Host', message: `must be one of ${names}` }],
    };
    res.status(421).json(body);
  };
}

const HOST = /^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(?::(\d{1,5}))?$/;

function splitHost(value: string): AllowedHost | null {
  const m = HOST.exec(value.trim().toLowerCase());
  if (!m) return null;
  const port = m[2] === undefined ? null : Number(m[2]);
  if (port !== null && (port < 1 || port > 65535)) return null;
  return { name: m[1]!.replace(/\.$/, ''), port };
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

/**
 * Declares the allowlist's 421 on every operation of an OpenAPI document (any request can meet it), with the
 * shared error body. Call after the document's ApiError schema exists.
 */
export function declareMisdirectedRequest<T extends object>(document: T): T {
  const { paths } = document as unknown as { paths: Record<string, Record<string, { responses?: Record<string, unknown> }>> };
  for (const item of Object.values(paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!HTTP_METHODS.includes(method) || typeof op !== 'object' || op === null) continue;
      op.responses ??= {};
      op.responses['421'] ??= {
        description: 'The Host header names a host this service does not answer for',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } },
      };
    }
  }
  return document;
}
