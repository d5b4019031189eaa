import type { NextFunction, Request, Response } from 'express';
import type { ApiErrorBody } from './api-error.js';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

interface Route {
  pattern: RegExp;
  /** Literal segments: where templates overlap (…/{kind}/validate and …/{kind}/{version}) the most literal wins. */
  literals: number;
  methods: Set<string>;
  /** Media types per method that has a request body, and whether the body is required. */
  bodies: Map<string, { types: string[]; required: boolean }>;
  /** Query parameter names per method. */
  queries: Map<string, Set<string>>;
}

/**
 * Express middleware that answers from the OpenAPI document before any handler runs: 405 with an `Allow` header
 * for a method a known path does not have, an OPTIONS answer listing the methods, 400 for a query parameter the
 * operation does not declare or a missing required body, and 415 for a body whose media type it does not declare. The document is the route table, so the two cannot disagree.
 */
export function routeGate(document: object) {
  const { paths } = document as { paths: Record<string, Record<string, unknown>> };
  const routes: Route[] = Object.entries(paths).map(([path, item]) => {
    const methods = new Set(METHODS.filter((m) => m in item).map((m) => m.toUpperCase()));
    if (methods.has('GET')) methods.add('HEAD');
    const bodies = new Map<string, { types: string[]; required: boolean }>();
    const queries = new Map<string, Set<string>>();
    for (const m of METHODS) {
      const op = item[m] as { requestBody?: { content?: Record<string, unknown>; required?: boolean }; parameters?: Array<{ in: string; name: string }> } | undefined;
      if (!op) continue;
      if (op.requestBody?.content) bodies.set(m.toUpperCase(), { types: Object.keys(op.requestBody.content), required: op.requestBody.required === true });
      queries.set(m.toUpperCase(), new Set((op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name)));
    }
    const pattern = new RegExp(`^${path.split(/\{[^}]+\}/).map(escapeRegExp).join('[^/]+')}/?$`);
    const literals = path.split('/').filter((s) => s && !s.startsWith('{')).length;
    return { pattern, literals, methods, bodies, queries };
  });

  return (req: Request, res: Response, next: NextFunction) => {
    const candidates = routes.filter((r) => r.pattern.test(req.path));
    if (candidates.length === 0) return next();
    const best = Math.max(...candidates.map((r) => r.literals));
    const matching = candidates.filter((r) => r.literals === best);
    const allowed = new Set(matching.flatMap((r) => [...r.methods]));
    const allow = [...allowed, 'OPTIONS'].join(', ');
    if (req.method === 'OPTIONS') {
      res.setHeader('Allow', allow);
      return void res.status(204).end();
    }
    if (!allowed.has(req.method)) {
      res.setHeader('Allow', allow);
      return void send(res, 405, { code: 'method_not_allowed', message: `${req.method} is not allowed on ${req.path}; allowed: ${allow}`, details: [{ field: '(method)', message: `use one of ${allow}` }] });
    }
    const known = matching.map((r) => r.queries.get(req.method === 'HEAD' ? 'GET' : req.method)).find(Boolean);
    const unknown = Object.keys(req.query ?? {}).filter((name) => !known?.has(name));
    if (unknown.length) {
      return void send(res, 400, {
        code: 'validation_failed',
        message: `unknown query parameter ${unknown.join(', ')}`,
        details: unknown.map((name) => ({ field: name, message: `unknown query parameter ${name}` })),
      });
    }
    const body = matching.map((r) => r.bodies.get(req.method)).find(Boolean);
    if (!body) return next();
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (!hasBody(req)) {
      if (!body.required) return next();
      return void send(res, 400, { code: 'validation_failed', message: `this request needs a body (${body.types.join(' or ')})`, details: [{ field: '(body)', message: 'missing' }] });
    }
    if (!body.types.includes(contentType)) {
      return void send(res, 415, {
        code: 'unsupported_media_type',
        message: `send the body as ${body.types.join(' or ')}, not ${contentType || 'no Content-Type'}`,
        details: [{ field: 'Content-Type', message: `must be one of ${body.types.join(', ')}` }],
      });
    }
    next();
  };
}

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function send(res: Response, status: number, body: ApiErrorBody): void {
  res.status(status).json(body);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
