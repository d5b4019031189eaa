import type { IncomingMessage, ServerResponse } from 'node:http';
import { ActivityQueryError, matchesActivityQuery, parseActivityQuery, toActivityMessage, type ActivityExpr } from './activity-query.js';
import { errorBody } from './errors.js';
import { parseFaults, type Fault, type FaultQueue } from './faults.js';
import { BodyTooLargeError, discardBody, readBody, sendError, sendJson, type Route, type RouteContext } from './http.js';
import { HTML_PART_HEADERS, PAGE_HEADERS, renderPage } from './page.js';
import { newMessageId, toSentMails, type SentMailStore } from './store.js';
import { isObject, validateMailSend } from './validate.js';
import type { TalkBack } from './talk-back.js';

export interface ActivitySettings {
  /** `forbidden` answers 403 as an account without the paid Email Activity add-on does. */
  access: 'enabled' | 'forbidden';
  /** Messages become visible to the Email Activity API only this long after acceptance (SendGrid lags). */
  lagMs: number;
}

export interface RouteDeps {
  store: SentMailStore;
  maxBodyBytes: number;
  now: () => Date;
  faults: FaultQueue;
  activity: ActivitySettings;
  /** What the page shows of events and replies posted back, and its buttons. */
  talkBack?: TalkBack;
}

/** The sandbox's route table. Later features append rows (see `extraRoutes` in server.ts). */
export function defaultRoutes(deps: RouteDeps): Route[] {
  return [
    { method: 'POST', path: '/v3/mail/send', handler: (ctx) => mailSend(ctx, deps) },
    { method: 'GET', path: '/v3/messages', handler: (ctx) => activityMessages(ctx, deps) },
    { method: 'GET', path: '/api/messages', handler: (ctx) => listMessages(ctx, deps) },
    { method: 'DELETE', path: '/api/messages', handler: ({ res }) => void (deps.store.clear(), res.writeHead(204).end()) },
    { method: 'GET', path: '/', handler: (ctx) => sentMailPage(ctx, deps) },
    { method: 'GET', path: '/message-html', handler: (ctx) => messageHtml(ctx, deps) },
    { method: 'GET', path: '/health', handler: ({ res }) => sendJson(res, 200, { status: 'ok' }) },
    ...sandboxControlRoutes(deps),
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
  const fault = deps.faults.take();
  if (fault && fault.kind !== 'reset-after-accept') return answerFault(req, res, fault, deps);
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
  if (fault?.kind === 'reset-after-accept') {
    // Kept, but the sender sees ECONNRESET instead of a 202: it cannot tell whether the message went out.
    const socket = res.socket;
    if (socket && typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
    else socket?.destroy();
    return;
  }
  res.writeHead(202, { 'X-Message-Id': xMessageId }).end();
}

async function answerFault(req: IncomingMessage, res: ServerResponse, fault: Fault, deps: RouteDeps): Promise<void> {
  await discardBody(req, deps.maxBodyBytes);
  switch (fault.kind) {
    case 'rate-limit': {
      const retryAfter = fault.retryAfterSeconds ?? 1;
      const reset = Math.ceil(deps.now().getTime() / 1000) + retryAfter;
      return sendJson(res, 429, errorBody('too many requests'), {
        'Retry-After': String(retryAfter),
        'X-RateLimit-Limit': '600',
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': String(reset),
      });
    }
    case 'server-error':
      return sendError(res, 500, errorBody('Internal Server Error'));
    case 'timeout':
      // Never answered: the socket stays open until the sender gives up (or the server closes).
      return;
    default:
      return;
  }
}

/**
 * The Email Activity API (GET /v3/messages). At SendGrid it is a paid add-on ("additional email activity
 * history"): without it the API answers 403, which `activity.access = forbidden` reproduces; it also lags
 * behind Mail Send, which `activity.lagMs` reproduces.
 */
function activityMessages({ req, res, url }: RouteContext, deps: RouteDeps): void {
  const authError = authProblem(req);
  if (authError) return sendError(res, 401, errorBody(authError));
  if (deps.activity.access === 'forbidden') return sendError(res, 403, errorBody('access forbidden'));
  const limitParam = url.searchParams.get('limit');
  const limit = limitParam === null || limitParam === '' ? 10 : Number(limitParam);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return sendError(res, 400, errorBody('limit must be an integer from 1 to 1000', 'limit'));
  const query = url.searchParams.get('query');
  let expr: ActivityExpr | undefined;
  if (query !== null && query.trim() !== '') {
    try {
      expr = parseActivityQuery(query);
    } catch (error) {
      if (error instanceof ActivityQueryError) return sendError(res, 400, errorBody(error.message, 'query'));
      throw error;
    }
  }
  const visibleUntil = deps.now().getTime() - deps.activity.lagMs;
  const mails = deps.store.list({ limit, where: (m) => Date.parse(m.receivedAt) <= visibleUntil && (!expr || matchesActivityQuery(m, expr)) });
  sendJson(res, 200, { messages: mails.map(toActivityMessage) });
}

function listMessages({ res, url }: RouteContext, deps: RouteDeps): void {
  const limitParam = url.searchParams.get('limit');
  const limit = limitParam === null || limitParam === '' ? 100 : Number(limitParam);
  if (!Number.isInteger(limit) || limit < 1 || limit > deps.store.capacity) {
    return sendError(res, 400, errorBody(`limit must be a whole number from 1 to ${deps.store.capacity}`, 'limit'));
  }
  const to = url.searchParams.get('to') || undefined;
  const messages = deps.store.list({ to, customArgs: customArgFilters(url), limit });
  sendJson(res, 200, { total: deps.store.size, count: messages.length, messages });
}

/** `custom_arg.<key>=<value>` query parameters, e.g. `custom_arg.ledger_key=e1:0:a`. */
function customArgFilters(url: URL): Record<string, string> | undefined {
  const filters: Record<string, string> = {};
  let any = false;
  for (const [name, value] of url.searchParams) {
    if (!name.startsWith('custom_arg.') || name.length === 'custom_arg.'.length) continue;
    // defineProperty: a `__proto__` key stays an ordinary filter.
    Object.defineProperty(filters, name.slice('custom_arg.'.length), { value, enumerable: true, writable: true, configurable: true });
    any = true;
  }
  return any ? filters : undefined;
}

const PAGE_SIZE = 50;

function sentMailPage({ res, url }: RouteContext, deps: RouteDeps): void {
  const to = url.searchParams.get('to') || undefined;
  const requested = Number(url.searchParams.get('page') ?? '1');
  const total = deps.store.count({ to });
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Number.isInteger(requested) && requested >= 1 ? Math.min(requested, pages) : 1;
  const mails = deps.store.list({ to, offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE });
  const notice = url.searchParams.get('notice') || undefined;
  res.writeHead(200, PAGE_HEADERS).end(renderPage(mails, { total, page, pages, to, notice, talkBack: deps.talkBack }));
}

/** One message's HTML part for the page's sandboxed frame, under its own locked-down CSP. */
function messageHtml({ res, url }: RouteContext, deps: RouteDeps): void {
  const id = url.searchParams.get('id') ?? '';
  const mail = deps.store.list({ limit: 1, where: (m) => m.sgMessageId === id })[0];
  if (!mail || mail.html === undefined) return sendError(res, 404, errorBody('no HTML part for this message id'));
  res.writeHead(200, HTML_PART_HEADERS).end(mail.html);
}

/**
 * Development-only controls (this server is never deployed): faults for the next Mail Send requests, the Email
 * Activity switches, and the accepted messages filtered by custom_args for tests.
 */
function sandboxControlRoutes(deps: RouteDeps): Route[] {
  return [
    { method: 'POST', path: '/__sandbox/faults', handler: (ctx) => postFaults(ctx, deps) },
    { method: 'GET', path: '/__sandbox/faults', handler: ({ res }) => sendJson(res, 200, { pending: deps.faults.pending() }) },
    { method: 'DELETE', path: '/__sandbox/faults', handler: ({ res }) => void (deps.faults.clear(), res.writeHead(204).end()) },
    { method: 'GET', path: '/__sandbox/messages', handler: (ctx) => listMessages(ctx, deps) },
    { method: 'DELETE', path: '/__sandbox/messages', handler: ({ res }) => void (deps.store.clear(), res.writeHead(204).end()) },
    { method: 'GET', path: '/__sandbox/activity', handler: ({ res }) => sendJson(res, 200, deps.activity) },
    { method: 'PUT', path: '/__sandbox/activity', handler: (ctx) => putActivity(ctx, deps) },
  ];
}

async function readJson(ctx: RouteContext, deps: RouteDeps): Promise<{ ok: true; body: unknown } | { ok: false }> {
  try {
    return { ok: true, body: JSON.parse((await readBody(ctx.req, deps.maxBodyBytes)).toString('utf8')) };
  } catch (error) {
    sendError(ctx.res, 400, errorBody(`the body is not valid JSON: ${(error as Error).message}`));
    return { ok: false };
  }
}

async function postFaults(ctx: RouteContext, deps: RouteDeps): Promise<void> {
  const read = await readJson(ctx, deps);
  if (!read.ok) return;
  const parsed = parseFaults(read.body, deps.faults.pending().length);
  if (!parsed.ok) return sendError(ctx.res, 400, errorBody(parsed.message, 'faults'));
  sendJson(ctx.res, 200, { queued: deps.faults.push(parsed.faults) });
}

async function putActivity(ctx: RouteContext, deps: RouteDeps): Promise<void> {
  const read = await readJson(ctx, deps);
  if (!read.ok) return;
  const body = read.body;
  if (!isObject(body)) return sendError(ctx.res, 400, errorBody('expected { "access"?: "enabled" | "forbidden", "lagMs"?: number }'));
  if (body.access !== undefined && body.access !== 'enabled' && body.access !== 'forbidden') return sendError(ctx.res, 400, errorBody('access must be enabled or forbidden', 'access'));
  if (body.lagMs !== undefined && (typeof body.lagMs !== 'number' || !Number.isInteger(body.lagMs) || body.lagMs < 0 || body.lagMs > 86_400_000)) {
    return sendError(ctx.res, 400, errorBody('lagMs must be a whole number of milliseconds from 0 to 86400000', 'lagMs'));
  }
  if (body.access !== undefined) deps.activity.access = body.access;
  if (body.lagMs !== undefined) deps.activity.lagMs = body.lagMs;
  sendJson(ctx.res, 200, deps.activity);
}
