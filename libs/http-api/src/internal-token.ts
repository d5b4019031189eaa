import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { ApiErrorBody } from './api-error.js';

/** The header a service sends its shared internal token in. */
export const INTERNAL_TOKEN_HEADER = 'x-internal-token';

/**
 * Whether a presented secret equals the expected one, in time that does not depend on where they differ (both are
 * hashed first, so their lengths leak nothing either).
 */
export function sameSecret(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Paths that stay open to anyone who can reach the service: probes and the metrics scrape. */
export const OPEN_SERVICE_PATHS: readonly string[] = ['/health', '/health/ready', '/metrics'];

/**
 * Express middleware: every request outside `open` must carry the shared internal token in `x-internal-token`,
 * or it is answered 401 before any handler (or body parser) sees it.
 */
export function internalTokenGuard(token: string, open: readonly string[] = OPEN_SERVICE_PATHS) {
  const openPaths = new Set(open);
  return (req: Request, res: Response, next: NextFunction) => {
    if (openPaths.has(req.path)) return next();
    const presented = req.headers[INTERNAL_TOKEN_HEADER];
    if (sameSecret(typeof presented === 'string' ? presented : undefined, token)) return next();
    const body: ApiErrorBody = {
      code: 'unauthorized',
      message: presented === undefined ? `internal route: send the service token in ${INTERNAL_TOKEN_HEADER}` : `internal route: the ${INTERNAL_TOKEN_HEADER} token is not valid`,
      details: [{ field: INTERNAL_TOKEN_HEADER, message: presented === undefined ? 'missing' : 'not valid' }],
    };
    res.status(401).json(body);
  };
}
