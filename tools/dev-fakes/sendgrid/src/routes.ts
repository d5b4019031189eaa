import type { IncomingMessage } from 'node:http';
import { errorBody } from './errors.js';
import { BodyTooLargeError, discardBody, readBody, sendError, sendJson, type Route, type RouteContext } from './http.js';
import { PAGE_HEADERS, renderPage } from './page.js';
import { newMessageId, toSentMails, type SentMailStore } from './store.js';
import { isObject, validateMailSend } from './validate.js';

export interface RouteDeps {
  store: SentMailStore;
  maxBodyBytes: number;
  now: () => Date;
}

/** The sandbox's route table. Later features append rows (see `extraRoutes` in server.ts). */
export function defaultRoutes(deps: RouteDeps): Route[] {
  return [
    { method: 'POST', path: '/v3/mail/send', handler: (ctx) => mailSend(ctx, deps) },
    { method: 'GET', path: '/api/messages', handler: (ctx) => listMessages(ctx, deps) },
    { method: 'DELETE', path: '/api/messages', handler: ({ res }) => void (deps.store.clear(), res.writeHead(204).end()) },
    { method: 'GET', path: '/', handler: ({ res }) => void res.writeHead(200, PAGE_HEADERS).end(renderPage(deps.store.list({ limit: 500 }), deps.store.size)) },
    { method: 'GET', path: '/health', handler: ({ res }) => sendJson(res, 200, { status: 'ok' }) },
  ];
}

/** SendGrid's 401 bodies: one for a missing header, one for a key it will not accept. */
function authProblem(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (!header) return 'authorization required';
  const match = /^Bearer\s+(\S.*)$/i.exec(header);
  return match ? undefined : 'The provided authorization grant is invalid, expired, or revoked';
}

async function mailSend({ req, res }: RouteContext, deps: RouteDeps): Promise<void> {
  const authError = authProblem(req);
  if (authError) {
    await discardBody(req, deps.maxBodyBytes);
    return sendError(res, 401, errorBody(authError));
  }
  let raw: Buffer;
  try {
    raw = await readBody(req, deps.maxBodyBytes);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      return sendError(res, 413, errorBody(`The JSON payload you have included in your request is too large (limit ${error.limit} bytes).`));
    }
    throw error;
  }
  // Content-Type is not enforced: @sendgrid/mail copies the mail's own `headers` onto the HTTP request, so a
  // (reserved) Content-Type mail header replaces application/json; parsing anyway surfaces the real error.
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch (error) {
    return sendError(res, 400, errorBody(`The request body is not valid JSON: ${(error as Error).message}`));
  }
  const problems = validateMailSend(body, deps.now().getTime());
  if (problems.length > 0) return sendJson(res, 400, { errors: problems });
  const message = body as Record<string, unknown>;
  const xMessageId = newMessageId();
  // Sandbox mode (mail_settings.sandbox_mode.enable) only validates: SendGrid answers 200 and sends nothing.
  const settings = isObject(message.mail_settings) ? message.mail_settings : {};
  if (isObject(settings.sandbox_mode) && settings.sandbox_mode.enable === true) return void res.writeHead(200).end();
  deps.store.add(toSentMails(message, xMessageId, deps.now()));
  res.writeHead(202, { 'X-Message-Id': xMessageId }).end();
}

function listMessages({ res, url }: RouteContext, deps: RouteDeps): void {
  const limitParam = url.searchParams.get('limit');
  const limit = limitParam === null || limitParam === '' ? 100 : Number(limitParam);
  if (!Number.isInteger(limit) || limit < 1 || limit > deps.store.capacity) {
    return sendError(res, 400, errorBody(`limit must be a whole number from 1 to ${deps.store.capacity}`, 'limit'));
  }
  const to = url.searchParams.get('to') || undefined;
  const messages = deps.store.list({ to, limit });
  sendJson(res, 200, { total: deps.store.size, count: messages.length, messages });
}
