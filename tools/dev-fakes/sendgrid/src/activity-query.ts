import type { SentMail } from './store.js';

/**
 * The Email Activity API's query language, as much of it as callers here use: `field="value"` terms (single or
 * double quotes, backslash escapes), `!=`, `LIKE` / `NOT LIKE` with `%` wildcards, `unique_args['key']` for a
 * message's custom_args, joined by AND / OR (AND binds tighter) and parentheses. For example
 * `unique_args['ledger_key']="e1:0:a" AND to_email="ann@example.com"`, or `msg_id LIKE '<X-Message-Id>%'`.
 * Keywords are case-insensitive, values are compared exactly (SendGrid matches values as given).
 */
export type ActivityField =
  | { kind: 'column'; name: 'msg_id' | 'from_email' | 'to_email' | 'subject' | 'status' }
  | { kind: 'unique_arg'; key: string }
  | { kind: 'category' };

export type ActivityExpr =
  | { op: 'and' | 'or'; left: ActivityExpr; right: ActivityExpr }
  | { op: 'eq' | 'ne' | 'like' | 'not-like'; field: ActivityField; value: string };

export class ActivityQueryError extends Error {}

const COLUMNS = new Set(['msg_id', 'from_email', 'to_email', 'subject', 'status']);

type Token = { t: 'word'; v: string } | { t: 'string'; v: string } | { t: 'sym'; v: '=' | '!=' | '(' | ')' | '[' | ']' };

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"' || c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= query.length) throw new ActivityQueryError(`unterminated string in query at character ${i}`);
        const d = query[i]!;
        if (d === '\\' && i + 1 < query.length) {
          value += query[i + 1];
          i += 2;
        } else if (d === c) {
          i++;
          break;
        } else {
          value += d;
          i++;
        }
      }
      tokens.push({ t: 'string', v: value });
    } else if (c === '!' && query[i + 1] === '=') {
      tokens.push({ t: 'sym', v: '!=' });
      i += 2;
    } else if (c === '=' || c === '(' || c === ')' || c === '[' || c === ']') {
      tokens.push({ t: 'sym', v: c });
      i++;
    } else {
      const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(query.slice(i));
      if (!word) throw new ActivityQueryError(`unexpected ${JSON.stringify(c)} in query at character ${i}`);
      tokens.push({ t: 'word', v: word[0] });
      i += word[0].length;
    }
  }
  return tokens;
}

/** Parse a query; throws ActivityQueryError naming what is wrong (the route answers 400 with it). */
export function parseActivityQuery(query: string): ActivityExpr {
  const tokens = tokenize(query);
  let pos = 0;
  const peek = () => tokens[pos];
  const isWord = (w: string) => peek()?.t === 'word' && peek()!.v.toUpperCase() === w;
  const expectSym = (v: string) => {
    const tok = tokens[pos++];
    if (tok?.t !== 'sym' || tok.v !== v) throw new ActivityQueryError(`expected ${v} in query`);
  };

  const field = (): ActivityField => {
    const tok = tokens[pos++];
    if (tok?.t !== 'word') throw new ActivityQueryError('expected a field name in query');
    const name = tok.v.toLowerCase();
    if (name === 'unique_args') {
      expectSym('[');
      const key = tokens[pos++];
      if (key?.t !== 'string') throw new ActivityQueryError("expected unique_args['<key>'] in query");
      expectSym(']');
      return { kind: 'unique_arg', key: key.v };
    }
    if (name === 'categories') return { kind: 'category' };
    if (!COLUMNS.has(name)) throw new ActivityQueryError(`unknown field ${JSON.stringify(tok.v)} in query`);
    return { kind: 'column', name: name as 'msg_id' };
  };

  const term = (): ActivityExpr => {
    if (peek()?.t === 'sym' && peek()!.v === '(') {
      pos++;
      const inner = or();
      expectSym(')');
      return inner;
    }
    const f = field();
    let op: 'eq' | 'ne' | 'like' | 'not-like';
    const tok = tokens[pos++];
    if (tok?.t === 'sym' && tok.v === '=') op = 'eq';
    else if (tok?.t === 'sym' && tok.v === '!=') op = 'ne';
    else if (tok?.t === 'word' && tok.v.toUpperCase() === 'LIKE') op = 'like';
    else if (tok?.t === 'word' && tok.v.toUpperCase() === 'NOT' && isWord('LIKE')) {
      pos++;
      op = 'not-like';
    } else throw new ActivityQueryError('expected =, !=, LIKE or NOT LIKE after a field in query');
    const value = tokens[pos++];
    if (value?.t !== 'string') throw new ActivityQueryError('expected a quoted value in query');
    return { op, field: f, value: value.v };
  };

  const and = (): ActivityExpr => {
    let left = term();
    while (isWord('AND')) {
      pos++;
      left = { op: 'and', left, right: term() };
    }
    return left;
  };

  const or = (): ActivityExpr => {
    let left = and();
    while (isWord('OR')) {
      pos++;
      left = { op: 'or', left, right: and() };
    }
    return left;
  };

  if (tokens.length === 0) throw new ActivityQueryError('query is empty');
  const expr = or();
  if (pos !== tokens.length) throw new ActivityQueryError(`unexpected ${JSON.stringify(tokens[pos]!.v)} in query`);
  return expr;
}

/** The values a field has on one message (several for to_email and categories). */
function valuesOf(mail: SentMail, field: ActivityField): string[] {
  if (field.kind === 'unique_arg') return Object.hasOwn(mail.customArgs, field.key) ? [mail.customArgs[field.key]!] : [];
  if (field.kind === 'category') return mail.categories;
  switch (field.name) {
    case 'msg_id':
      return [mail.sgMessageId];
    case 'from_email':
      return [mail.from.email];
    case 'to_email':
      return mail.to.map((a) => a.email);
    case 'subject':
      return [mail.subject];
    case 'status':
      return [ACTIVITY_STATUS];
  }
}

/** Every accepted sandbox message counts as delivered: nothing bounces here unless a later feature says so. */
export const ACTIVITY_STATUS = 'delivered';

function likePattern(pattern: string): RegExp {
  const body = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
  return new RegExp(`^${body}$`, 's');
}

export function matchesActivityQuery(mail: SentMail, expr: ActivityExpr): boolean {
  switch (expr.op) {
    case 'and':
      return matchesActivityQuery(mail, expr.left) && matchesActivityQuery(mail, expr.right);
    case 'or':
      return matchesActivityQuery(mail, expr.left) || matchesActivityQuery(mail, expr.right);
    case 'eq':
      return valuesOf(mail, expr.field).includes(expr.value);
    case 'ne':
      return !valuesOf(mail, expr.field).includes(expr.value);
    case 'like':
      return valuesOf(mail, expr.field).some((v) => likePattern(expr.value).test(v));
    case 'not-like':
      return !valuesOf(mail, expr.field).some((v) => likePattern(expr.value).test(v));
  }
}

/** One message as `GET /v3/messages` lists it. */
export interface ActivityMessage {
  from_email: string;
  msg_id: string;
  subject: string;
  to_email: string;
  status: string;
  opens_count: number;
  clicks_count: number;
  last_event_time: string;
}

export function toActivityMessage(mail: SentMail): ActivityMessage {
  return {
    from_email: mail.from.email,
    msg_id: mail.sgMessageId,
    subject: mail.subject,
    to_email: mail.to[0]?.email ?? '',
    status: ACTIVITY_STATUS,
    opens_count: 0,
    clicks_count: 0,
    last_event_time: mail.receivedAt,
  };
}
