import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { ENGAGEMENT_WEBHOOK_PATHS } from '#libs/contracts';

/** SendGrid posts batches of up to a few MiB; the shared JSON parser's 1 MB stays the limit of every other route. */
export const EVENT_WEBHOOK_BODY_LIMIT = 4 * 1024 * 1024;

/** What the body reader leaves on the request for the controller: the exact bytes, or why it did not keep them. */
export type EventBody = { kind: 'bytes'; bytes: Buffer } | { kind: 'wrong-type'; contentType: string | null } | { kind: 'too-large' };

const EVENT_BODY = Symbol('engagement.eventWebhookBody');

export function eventBodyOf(req: Request): EventBody | undefined {
  return (req as unknown as Record<symbol, EventBody | undefined>)[EVENT_BODY];
}

/**
 * Installed by main.ts before the shared parsers: reads the Event Webhook's body as raw bytes (the signature covers
 * the bytes, and parsed-then-reserialized JSON would not match them), up to EVENT_WEBHOOK_BODY_LIMIT. It never
 * answers itself: it reads the whole request (so the client always gets its answer, not a reset) and leaves the
 * outcome for the controller, which refuses in one place and counts every refusal. A request it has read is
 * finished, so the shared parsers skip it.
 */
export function eventWebhookBodyParser(app: NestExpressApplication): void {
  app.use((req: Request, _res: Response, next: NextFunction) => {
    if (req.method !== 'POST' || !isEventWebhookPath(req.path)) return next();
    const contentType = req.headers['content-type'] ?? null;
    const keep = isPlainJson(contentType) && !encoded(req.headers['content-encoding']);
    readBody(req, keep ? EVENT_WEBHOOK_BODY_LIMIT : 0).then(
      (read) => {
        const body: EventBody = !keep ? { kind: 'wrong-type', contentType } : read === 'too-large' ? { kind: 'too-large' } : { kind: 'bytes', bytes: read };
        (req as unknown as Record<symbol, EventBody>)[EVENT_BODY] = body;
        next();
      },
      // The client went away mid-body: nobody is left to answer.
      (err: unknown) => next(err),
    );
  });
}

/** The router matches paths case-insensitively and with a trailing slash; so does the reader. */
function isEventWebhookPath(path: string): boolean {
  return path.toLowerCase().replace(/\/+$/, '') === ENGAGEMENT_WEBHOOK_PATHS.events;
}

/** `application/json`, with or without parameters (charset); not `application/json-seq` or `text/json`. */
export function isPlainJson(contentType: string | null): boolean {
  return contentType !== null && contentType.split(';')[0]!.trim().toLowerCase() === 'application/json';
}

/** SendGrid does not compress its posts; a compressed body is not one of its batches. */
function encoded(contentEncoding: string | undefined): boolean {
  return contentEncoding !== undefined && contentEncoding.trim().toLowerCase() !== 'identity' && contentEncoding.trim() !== '';
}

/** The body, or 'too-large' once it passes `limit` (the rest is read and dropped, so the answer still arrives). */
function readBody(req: Request, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    let over = Number.isFinite(declared) && declared > limit;
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      if (over) chunks.length = 0;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? 'too-large' : Buffer.concat(chunks, size)));
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(new Error('the client closed the request before its body ended'));
    });
  });
}
