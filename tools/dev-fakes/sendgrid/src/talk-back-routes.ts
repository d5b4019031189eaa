import type { ServerResponse } from 'node:http';
import { errorBody } from './errors.js';
import { readBody, sendError, sendJson, type Route, type RouteContext } from './http.js';
import { parseSettingsPatch } from './events/webhook-settings.js';
import { parseEventRequest, parseReplyRequest, type Parsed } from './talk-back-requests.js';
import type { TalkBack, TalkBackRefusal } from './talk-back.js';

const MAX_CONTROL_BODY = 1024 * 1024;

/**
 * Development-only controls for talking back: engagement events and replies on request (JSON for specs, plain
 * HTML forms for the sent-mail page), the Event Webhook's delivery behaviour, and what was posted.
 */
export function talkBackRoutes(talkBack: TalkBack, now: () => Date): Route[] {
  return [
    { method: 'POST', path: '/__sandbox/messages/:id/events', handler: (ctx) => postEvent(ctx, talkBack) },
    { method: 'POST', path: '/__sandbox/messages/:id/reply', handler: (ctx) => postReply(ctx, talkBack, now) },
    { method: 'GET', path: '/__sandbox/deliveries', handler: (ctx) => deliveries(ctx, talkBack) },
    { method: 'DELETE', path: '/__sandbox/deliveries', handler: ({ res }) => void (talkBack.log.clear(), res.writeHead(204).end()) },
    { method: 'GET', path: '/__sandbox/webhook', handler: ({ res }) => sendJson(res, 200, webhookState(talkBack)) },
    { method: 'PUT', path: '/__sandbox/webhook', handler: (ctx) => putWebhook(ctx, talkBack) },
    { method: 'POST', path: '/__sandbox/forms/event', handler: (ctx) => formEvent(ctx, talkBack) },
    { method: 'POST', path: '/__sandbox/forms/reply', handler: (ctx) => formReply(ctx, talkBack, now) },
  ];
}

async function readJson(ctx: RouteContext): Promise<{ ok: true; body: unknown } | { ok: false }> {
  try {
    const raw = (await readBody(ctx.req, MAX_CONTROL_BODY)).toString('utf8');
    return { ok: true, body: raw.trim() === '' ? {} : JSON.parse(raw) };
  } catch (error) {
    sendError(ctx.res, 400, errorBody(`the body is not valid JSON: ${(error as Error).message}`));
    return { ok: false };
  }
}

function refuse(res: ServerResponse, refusal: TalkBackRefusal): void {
  // 409: the message exists but the webhook it would go to is not configured.
  sendError(res, refusal.reason === 'unknown-message' ? 404 : 409, errorBody(refusal.message));
}

function invalid<T>(res: ServerResponse, parsed: Parsed<T>): parsed is Extract<Parsed<T>, { ok: false }> {
  if (parsed.ok) return false;
  sendError(res, 422, errorBody(parsed.message, parsed.field));
  return true;
}

async function postEvent(ctx: RouteContext, talkBack: TalkBack): Promise<void> {
  const read = await readJson(ctx);
  if (!read.ok) return;
  const parsed = parseEventRequest(read.body);
  if (invalid(ctx.res, parsed)) return;
  const result = talkBack.emit(ctx.params.id!, parsed.value.type, parsed.value.detail);
  if (!result.ok) return refuse(ctx.res, result);
  sendJson(ctx.res, 202, { queued: result.queued.map(({ event }) => ({ event: event.event, sg_event_id: event.sg_event_id, sg_message_id: event.sg_message_id })) });
}

async function postReply(ctx: RouteContext, talkBack: TalkBack, now: () => Date): Promise<void> {
  const read = await readJson(ctx);
  if (!read.ok) return;
  const parsed = parseReplyRequest(read.body, now());
  if (invalid(ctx.res, parsed)) return;
  const result = talkBack.reply(ctx.params.id!, parsed.value);
  if (!result.ok) return refuse(ctx.res, result);
  const field = (name: string) => result.fields.find(([n]) => n === name)?.[1];
  sendJson(ctx.res, 202, { post: result.post.id, kind: parsed.value.kind, to: field('to'), subject: field('subject') });
}

function webhookState(talkBack: TalkBack) {
  return {
    settings: talkBack.settings,
    eventWebhook: talkBack.events ? { url: talkBack.events.url, ...talkBack.events.counts() } : { url: null, off: talkBack.eventsOff },
    inboundParse: talkBack.parse ? { url: talkBack.parse.url } : { url: null, off: talkBack.parseOff },
  };
}

function deliveries({ res, url }: RouteContext, talkBack: TalkBack): void {
  const limitParam = url.searchParams.get('limit');
  const limit = limitParam === null || limitParam === '' ? 100 : Number(limitParam);
  if (!Number.isInteger(limit) || limit < 1 || limit > talkBack.log.capacity) {
    return sendError(res, 400, errorBody(`limit must be a whole number from 1 to ${talkBack.log.capacity}`, 'limit'));
  }
  const webhook = url.searchParams.get('webhook');
  if (webhook !== null && webhook !== 'event-webhook' && webhook !== 'inbound-parse') return sendError(res, 400, errorBody('webhook must be event-webhook or inbound-parse', 'webhook'));
  sendJson(res, 200, { ...webhookState(talkBack), deliveries: talkBack.log.list(limit, webhook ?? undefined) });
}

async function putWebhook(ctx: RouteContext, talkBack: TalkBack): Promise<void> {
  const read = await readJson(ctx);
  if (!read.ok) return;
  const parsed = parseSettingsPatch(read.body);
  if (!parsed.ok) return sendError(ctx.res, 422, errorBody(parsed.message, parsed.field));
  Object.assign(talkBack.settings, parsed.patch);
  talkBack.events?.settingsChanged();
  sendJson(ctx.res, 200, webhookState(talkBack));
}

// ---- the sent-mail page's forms: urlencoded posts answered with a redirect back to the page and a notice

async function readForm(ctx: RouteContext): Promise<URLSearchParams> {
  return new URLSearchParams((await readBody(ctx.req, MAX_CONTROL_BODY)).toString('utf8'));
}

/**
 * Only this server's page may press its buttons, not another site's page posting to a sandbox on loopback. Browsers
 * say where a form came from in Sec-Fetch-Site; the page's no-referrer policy turns its Origin into "null", so an
 * Origin is only compared when it names a host.
 */
function crossSite(ctx: RouteContext): boolean {
  const fetchSite = ctx.req.headers['sec-fetch-site'];
  const origin = ctx.req.headers.origin;
  let foreign = fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none';
  if (!foreign && origin !== undefined && origin !== 'null') {
    try {
      foreign = new URL(origin).host !== ctx.req.headers.host;
    } catch {
      foreign = true;
    }
  }
  if (!foreign) return false;
  ctx.req.resume();
  sendError(ctx.res, 403, errorBody("the sent-mail page's forms take posts from this server's own page only"));
  return true;
}

/** Back to the page the form was on (only this server's page, never elsewhere), with a notice. */
function backTo(res: ServerResponse, form: URLSearchParams, notice: string): void {
  const back = new URL('/', 'http://sandbox.local');
  for (const key of ['page', 'to']) {
    const value = form.get(key);
    if (value) back.searchParams.set(key, value);
  }
  back.searchParams.set('notice', notice);
  const id = form.get('id');
  res.writeHead(303, { Location: `${back.pathname}${back.search}${id ? `#m-${encodeURIComponent(id)}` : ''}` }).end();
}

async function formEvent(ctx: RouteContext, talkBack: TalkBack): Promise<void> {
  if (crossSite(ctx)) return;
  const form = await readForm(ctx);
  const parsed = parseEventRequest({
    type: form.get('type') ?? '',
    ...(form.get('bounceType') ? { bounceType: form.get('bounceType') } : {}),
    ...(form.get('machine') === 'true' ? { machine: true } : {}),
  });
  if (!parsed.ok) return backTo(ctx.res, form, parsed.message);
  const result = talkBack.emit(form.get('id') ?? '', parsed.value.type, parsed.value.detail);
  backTo(ctx.res, form, result.ok ? `${parsed.value.type} queued for the Event Webhook` : result.message);
}

async function formReply(ctx: RouteContext, talkBack: TalkBack, now: () => Date): Promise<void> {
  if (crossSite(ctx)) return;
  const form = await readForm(ctx);
  const parsed = parseReplyRequest({ kind: form.get('kind') ?? '', ...(form.get('language') ? { language: form.get('language') } : {}) }, now());
  if (!parsed.ok) return backTo(ctx.res, form, parsed.message);
  const result = talkBack.reply(form.get('id') ?? '', parsed.value);
  backTo(ctx.res, form, result.ok ? `${parsed.value.kind === 'reply' ? 'reply' : 'out-of-office'} posted to Inbound Parse` : result.message);
}
