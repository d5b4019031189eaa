import { helpUrl, type SendGridErrorItem } from './errors.js';
import { isValidEmail } from './email-address.js';

/** Mail Send v3 limits, as documented by SendGrid. */
export const LIMITS = {
  personalizations: 1000,
  recipients: 1000, // to + cc + bcc over the whole request
  customArgsBytes: 10_000,
  categories: 10,
  categoryLength: 255,
  sendAtAheadSeconds: 72 * 3600,
} as const;

/** Headers SendGrid sets itself; a `headers` entry for any of them is refused (case-insensitive). */
export const RESERVED_HEADERS: ReadonlySet<string> = new Set([
  'x-sg-id', 'x-sg-eid', 'received', 'dkim-signature', 'content-type', 'content-transfer-encoding',
  'to', 'from', 'subject', 'reply-to', 'cc', 'bcc',
]);

const CRLF = /[\r\n]/;
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/; // RFC 9110 token

type Json = Record<string, unknown>;

/**
 * Validate a Mail Send v3 body the way SendGrid does and return every problem found (empty = valid).
 * Pure: no I/O, `nowMs` injectable so the send_at horizon is testable.
 */
export function validateMailSend(body: unknown, nowMs: number = Date.now()): SendGridErrorItem[] {
  const v = new Collector();
  if (!isObject(body)) {
    v.invalidType(null, 'object', body, 'message');
    return v.items;
  }
  const hasTemplate = body.template_id !== undefined;
  if (hasTemplate && (typeof body.template_id !== 'string' || body.template_id === '')) {
    v.add('template_id', 'The template_id must be a non-empty string.', 'template_id');
  }
  const personalizations = checkPersonalizations(v, body, nowMs);
  checkFrom(v, body.from);
  if (body.reply_to !== undefined) checkAddress(v, body.reply_to, 'reply_to', 'reply_to');
  if (body.reply_to_list !== undefined) checkAddressList(v, body.reply_to_list, 'reply_to_list', 'reply_to_list');
  checkSubject(v, body.subject, personalizations, hasTemplate);
  checkContent(v, body.content, hasTemplate);
  checkHeaders(v, body.headers, 'headers');
  checkCustomArgs(v, body.custom_args, 'custom_args', undefined);
  for (const [i, p] of personalizations.entries()) {
    if (isObject(p)) checkCustomArgs(v, p.custom_args, `personalizations.${i}.custom_args`, body.custom_args);
  }
  checkCategories(v, body.categories);
  checkSendAt(v, body.send_at, 'send_at', nowMs);
  checkAttachments(v, body.attachments);
  checkAsm(v, body.asm);
  return v.items;
}

class Collector {
  readonly items: SendGridErrorItem[] = [];
  add(field: string | null, message: string, anchor: string): void {
    this.items.push({ message, field, help: helpUrl(anchor) });
  }
  invalidType(field: string | null, expected: string, given: unknown, anchor: string): void {
    this.add(field, `Invalid type. Expected: ${expected}, given: ${typeName(given)}.`, anchor);
  }
}

function checkPersonalizations(v: Collector, body: Json, nowMs: number): unknown[] {
  const list = body.personalizations;
  if (list !== undefined && !Array.isArray(list)) {
    v.invalidType('personalizations', 'array', list, 'personalizations');
    return [];
  }
  if (!list || list.length === 0) {
    v.add('personalizations', 'The personalizations field is required and must have at least one personalization.', 'personalizations');
    return [];
  }
  if (list.length > LIMITS.personalizations) {
    v.add(
      'personalizations',
      `The personalization block is limited to ${LIMITS.personalizations} personalizations per API request. You have provided ${list.length} personalizations. Please consider splitting this into multiple requests and resending your request.`,
      'personalizations',
    );
  }
  let recipients = 0;
  list.forEach((p, i) => (recipients += checkPersonalization(v, p, `personalizations.${i}`, nowMs)));
  if (recipients > LIMITS.recipients) {
    v.add('personalizations', `There is a limit of ${LIMITS.recipients} total recipients (to + cc + bcc) per request. You have provided ${recipients}.`, 'personalizations');
  }
  return list;
}

/** Returns how many recipients the personalization names (for the request-wide limit). */
function checkPersonalization(v: Collector, p: unknown, path: string, nowMs: number): number {
  if (!isObject(p)) {
    v.invalidType(path, 'object', p, 'personalizations');
    return 0;
  }
  let count = 0;
  const seen = new Map<string, string>();
  for (const kind of ['to', 'cc', 'bcc'] as const) {
    const list = p[kind];
    if (kind === 'to' && (!Array.isArray(list) || list.length === 0)) {
      if (list !== undefined && !Array.isArray(list)) v.invalidType(`${path}.to`, 'array', list, 'personalizations.to');
      else v.add(`${path}.to`, 'The to array is required for all personalization objects, and must have at least one email object with a valid email address.', 'personalizations.to');
      continue;
    }
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      v.invalidType(`${path}.${kind}`, 'array', list, `personalizations.${kind}`);
      continue;
    }
    count += list.length;
    checkAddressList(v, list, `${path}.${kind}`, `personalizations.${kind}`);
    // SendGrid refuses the same address twice within one personalization (to, cc and bcc together).
    for (const a of list) {
      const email = isObject(a) && typeof a.email === 'string' ? a.email.toLowerCase() : undefined;
      if (email === undefined) continue;
      if (seen.has(email)) {
        v.add(path, `Each email address in the personalization block should be unique between to, cc, and bcc. We found the first duplicate instance of [${a.email as string}] in the ${path}.${kind} field.`, 'personalizations');
      } else seen.set(email, kind);
    }
  }
  if (p.from !== undefined) checkAddress(v, p.from, `${path}.from`, 'personalizations.from');
  if (p.subject !== undefined) checkSubjectText(v, p.subject, `${path}.subject`);
  checkHeaders(v, p.headers, `${path}.headers`);
  checkSendAt(v, p.send_at, `${path}.send_at`, nowMs);
  return count;
}

function checkAddressList(v: Collector, list: unknown, path: string, anchor: string): void {
  if (!Array.isArray(list)) return v.invalidType(path, 'array', list, anchor);
  list.forEach((a, j) => checkAddress(v, a, `${path}.${j}`, anchor));
}

function checkAddress(v: Collector, a: unknown, path: string, anchor: string): void {
  if (!isObject(a)) return v.invalidType(path, 'object', a, anchor);
  if (typeof a.email !== 'string') v.add(`${path}.email`, a.email === undefined ? 'The email parameter is required.' : `Invalid type. Expected: string, given: ${typeName(a.email)}.`, anchor);
  else if (!isValidEmail(a.email)) v.add(`${path}.email`, 'Does not contain a valid address.', anchor);
  if (a.name !== undefined) {
    if (typeof a.name !== 'string') v.invalidType(`${path}.name`, 'string', a.name, anchor);
    // Stricter than SendGrid on purpose: a CR/LF in a display name means a lead field leaked into a header.
    else if (CRLF.test(a.name)) v.add(`${path}.name`, 'The name cannot contain CR or LF characters.', anchor);
  }
}

function checkFrom(v: Collector, from: unknown): void {
  if (!isObject(from) || from.email === undefined) {
    v.add('from.email', 'The from object must be provided for every email send. It is an object that requires the email parameter, but may also contain a name parameter.  e.g. {"email" : "example@example.com"}  or {"email" : "example@example.com", "name" : "Example Recipient"}.', 'from');
    return;
  }
  checkAddress(v, from, 'from', 'from');
}

function checkSubject(v: Collector, subject: unknown, personalizations: unknown[], hasTemplate: boolean): void {
  if (subject !== undefined) checkSubjectText(v, subject, 'subject');
  const inMessage = typeof subject === 'string' && subject !== '';
  const inEvery = personalizations.length > 0 && personalizations.every((p) => isObject(p) && typeof p.subject === 'string' && p.subject !== '');
  // With a template the subject may come from the template; the sandbox has none to look into, so it trusts it.
  if (!inMessage && !inEvery && !hasTemplate) {
    v.add('subject', 'The subject is required. You can get around this requirement if you use a template with a subject defined or if every personalization has a subject defined.', 'subject');
  }
}

function checkSubjectText(v: Collector, subject: unknown, path: string): void {
  if (typeof subject !== 'string') v.invalidType(path, 'string', subject, 'subject');
  // Stricter than SendGrid on purpose: CR/LF in a subject is a header-injection attempt via lead fields.
  else if (CRLF.test(subject)) v.add(path, 'The subject cannot contain CR or LF characters.', 'subject');
}

function checkContent(v: Collector, content: unknown, hasTemplate: boolean): void {
  if (content !== undefined && !Array.isArray(content)) return v.invalidType('content', 'array', content, 'content');
  if (!content || content.length === 0) {
    if (!hasTemplate) {
      v.add('content', 'Unless a valid template_id is provided, the content parameter is required. There must be at least one defined content block. We typically suggest both text/plain and text/html blocks are included, but only one block is required.', 'content');
    }
    return;
  }
  const types: string[] = [];
  content.forEach((c, i) => {
    const path = `content.${i}`;
    if (!isObject(c)) return v.invalidType(path, 'object', c, 'content');
    if (typeof c.type !== 'string' || c.type === '') v.add(`${path}.type`, 'The content type is required and must be a string at least one character in length.', 'content');
    else if (/[;\r\n]/.test(c.type)) v.add(`${path}.type`, "The content type cannot contain ';', or CRLF characters.", 'content');
    else types.push(c.type.toLowerCase());
    if (typeof c.value !== 'string' || c.value === '') v.add(`${path}.value`, 'The content value must be a string at least one character in length.', 'content');
  });
  const plain = types.indexOf('text/plain');
  const html = types.indexOf('text/html');
  if (plain > 0 || (html >= 0 && html !== (plain === 0 ? 1 : 0))) {
    v.add('content', 'If present, text/plain content must be first, followed by text/html, followed by any other content.', 'content');
  }
}

function checkHeaders(v: Collector, headers: unknown, path: string): void {
  if (headers === undefined) return;
  if (!isObject(headers)) return v.invalidType(path, 'object', headers, 'headers');
  for (const [name, value] of Object.entries(headers)) {
    const field = `${path}.${name}`;
    if (!HEADER_NAME.test(name)) v.add(field, 'Header names must be non-empty RFC 9110 tokens (no spaces, colons, CR or LF).', 'headers');
    else if (RESERVED_HEADERS.has(name.toLowerCase())) v.add(field, `The header "${name}" is reserved and cannot be set in headers; use the matching Mail Send field instead.`, 'headers');
    if (typeof value !== 'string') v.invalidType(field, 'string', value, 'headers');
    else if (CRLF.test(value)) v.add(field, 'Header values cannot contain CR or LF characters.', 'headers');
  }
}

/** Values must be strings; the merged (message + personalization) set must stay under the byte limit. */
function checkCustomArgs(v: Collector, args: unknown, path: string, messageLevel: unknown): void {
  if (args === undefined) return;
  if (!isObject(args)) return v.invalidType(path, 'object', args, 'custom_args');
  for (const [key, value] of Object.entries(args)) {
    if (typeof value !== 'string') v.invalidType(`${path}.${key}`, 'string', value, 'custom_args');
  }
  // Measured as serialized JSON bytes: conservative, since SendGrid does not say how it counts.
  const own = byteSize(args);
  const parent = isObject(messageLevel) ? byteSize(messageLevel) : 0;
  if (own > LIMITS.customArgsBytes || (parent <= LIMITS.customArgsBytes && byteSize({ ...(isObject(messageLevel) ? messageLevel : {}), ...args }) > LIMITS.customArgsBytes)) {
    v.add(path, `Total custom_args size may not exceed ${LIMITS.customArgsBytes.toLocaleString('en-US')} bytes.`, 'custom_args');
  }
}

function checkCategories(v: Collector, categories: unknown): void {
  if (categories === undefined) return;
  if (!Array.isArray(categories)) return v.invalidType('categories', 'array', categories, 'categories');
  if (categories.length > LIMITS.categories) {
    v.add('categories', `You may not have more than ${LIMITS.categories} categories per request; you have provided ${categories.length}.`, 'categories');
  }
  categories.forEach((c, i) => {
    if (typeof c !== 'string') v.invalidType(`categories.${i}`, 'string', c, 'categories');
    else if (c.length > LIMITS.categoryLength) v.add(`categories.${i}`, `A category cannot be longer than ${LIMITS.categoryLength} characters.`, 'categories');
  });
}

function checkSendAt(v: Collector, sendAt: unknown, path: string, nowMs: number): void {
  if (sendAt === undefined) return;
  if (typeof sendAt !== 'number' || !Number.isInteger(sendAt) || sendAt < 0) {
    return v.add(path, `The send_at parameter must be a unix timestamp (whole seconds); given: ${typeName(sendAt)}.`, 'send_at');
  }
  if (sendAt > Math.floor(nowMs / 1000) + LIMITS.sendAtAheadSeconds) {
    v.add(path, 'The send_at parameter cannot be scheduled more than 72 hours in advance.', 'send_at');
  }
}

function checkAttachments(v: Collector, attachments: unknown): void {
  if (attachments === undefined) return;
  if (!Array.isArray(attachments)) return v.invalidType('attachments', 'array', attachments, 'attachments');
  attachments.forEach((a, i) => {
    if (!isObject(a)) return v.invalidType(`attachments.${i}`, 'object', a, 'attachments');
    if (typeof a.content !== 'string' || a.content === '') v.add(`attachments.${i}.content`, 'The attachment content must be a base64 encoded string at least one character in length.', 'attachments');
    if (typeof a.filename !== 'string' || a.filename === '') v.add(`attachments.${i}.filename`, 'The attachment filename must be a string at least one character in length.', 'attachments');
  });
}

function checkAsm(v: Collector, asm: unknown): void {
  if (asm === undefined) return;
  if (!isObject(asm)) return v.invalidType('asm', 'object', asm, 'asm');
  if (typeof asm.group_id !== 'number' || !Number.isInteger(asm.group_id)) v.add('asm.group_id', 'The asm group_id is required and must be an integer.', 'asm');
}

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function byteSize(value: Json): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}
