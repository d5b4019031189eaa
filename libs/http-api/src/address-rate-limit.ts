import type { NextFunction, Request, Response } from 'express';
import type { ApiErrorBody } from './api-error.js';

export interface TokenBucketOptions {
  /** Requests a client may make in a burst. */
  burst: number;
  /** Requests a client regains per minute. */
  perMinute: number;
  /** Buckets kept at most; the least recently used is dropped first (a dropped client starts full again). */
  maxClients?: number;
}

/** One token bucket per client key, in memory: `take` spends a token or says how long until the next one. */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly o: TokenBucketOptions) {}

  /** `{ ok: true }` or the whole seconds to wait before a token is back. */
  take(key: string, now = Date.now()): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const ratePerMs = this.o.perMinute / 60_000;
    const previous = this.buckets.get(key);
    const tokens = previous ? Math.min(this.o.burst, previous.tokens + (now - previous.at) * ratePerMs) : this.o.burst;
    this.buckets.delete(key);
    if (tokens >= 1) {
      this.remember(key, { tokens: tokens - 1, at: now });
      return { ok: true };
    }
    this.remember(key, { tokens, at: now });
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / ratePerMs / 1000)) };
  }

  private remember(key: string, bucket: { tokens: number; at: number }) {
    this.buckets.set(key, bucket);
    const max = this.o.maxClients ?? 50_000;
    if (this.buckets.size > max) this.buckets.delete(this.buckets.keys().next().value!);
  }
}

/**
 * Express middleware that limits the matching requests per client address (the socket's peer, or what Express
 * derives from X-Forwarded-For when the app trusts a proxy): 429 with Retry-After once a client's bucket is empty.
 * Only for public routes a stranger can call without a key; everything else is limited per key, not per address.
 */
export function addressRateLimit(applies: (req: Request) => boolean, options: TokenBucketOptions) {
  const buckets = new TokenBuckets(options);
  return (req: Request, res: Response, next: NextFunction) => {
    if (!applies(req)) return next();
    const outcome = buckets.take(req.ip ?? req.socket.remoteAddress ?? 'unknown');
    if (outcome.ok) return next();
    res.setHeader('Retry-After', String(outcome.retryAfterSeconds));
    const body: ApiErrorBody = {
      code: 'rate_limited',
      message: `too many requests from this address; try again in ${outcome.retryAfterSeconds} s`,
      details: [{ field: '(client address)', message: `at most ${options.burst} at once and ${options.perMinute} a minute` }],
    };
    res.status(429).json(body);
  };
}
