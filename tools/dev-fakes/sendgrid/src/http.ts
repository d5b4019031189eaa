import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorBody, type SendGridErrorBody } from './errors.js';

/** What every route handler gets. `url` is parsed against the request's own host. */
export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Values of the route's `:name` path segments (decoded). */
  params: Record<string, string>;
}

/**
 * The router table: the extension point for later features (event-webhook emission, reply simulation) —
 * they add rows here instead of growing an if/else chain.
 */
export interface Route {
  method: 'GET' | 'POST' | 'DELETE' | 'PUT' | 'PATCH';
  /** Exact path, or segments such as `/__sandbox/messages/:id/events` (a `:name` segment matches one segment). */
  path: string;
  handler: (ctx: RouteContext) => Promise<void> | void;
}

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body exceeds ${limit} bytes`);
  }
}

/**
 * Read the whole body up to `limit` bytes. Past the limit it keeps draining (and discarding) so the client
 * finishes writing and actually receives our 413 instead of a connection reset; a sender that goes on far
 * beyond the limit is cut off.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let tooLarge = Number(req.headers['content-length'] ?? 0) > limit;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
      else if (received > limit * 2) req.destroy();
    });
    req.on('end', () => (tooLarge ? reject(new BodyTooLargeError(limit)) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

/** Consume and drop a body we will not use (so keep-alive connections stay usable). */
export async function discardBody(req: IncomingMessage, limit: number): Promise<void> {
  await readBody(req, limit).catch(() => undefined);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload), ...headers });
  res.end(payload);
}

export function sendError(res: ServerResponse, status: number, body: SendGridErrorBody): void {
  sendJson(res, status, body);
}

/** Dispatch on the table; 404 for unknown paths, 405 (with Allow) for known paths with another method. */
export async function dispatch(routes: readonly Route[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sandbox.local');
  const onPath = routes.map((r) => ({ route: r, params: matchPath(r.path, url.pathname) })).filter((m) => m.params !== undefined);
  const found = onPath.find((m) => m.route.method === req.method);
  if (found) return found.route.handler({ req, res, url, params: found.params! });
  req.resume(); // ignore any body
  if (onPath.length > 0) {
    res.setHeader('Allow', onPath.map((m) => m.route.method).join(', '));
    return sendError(res, 405, errorBody('method not allowed'));
  }
  sendError(res, 404, errorBody('resource not found'));
}

/** The route's params when `pathname` fits its pattern, else undefined. */
export function matchPath(pattern: string, pathname: string): Record<string, string> | undefined {
  if (!pattern.includes('/:')) return pattern === pathname ? {} : undefined;
  const want = pattern.split('/');
  const got = pathname.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of want.entries()) {
    const segment = got[i]!;
    if (!part.startsWith(':')) {
      if (part !== segment) return undefined;
      continue;
    }
    if (segment === '') return undefined;
    try {
      params[part.slice(1)] = decodeURIComponent(segment);
    } catch {
      return undefined; // malformed %-escape: no route
    }
  }
  return params;
}
