export { startSendgridSandbox, DEFAULT_MAX_BODY_BYTES, type SendgridSandbox, type SendgridSandboxOptions } from './server.js';
export { SentMailStore, newMessageId, type SentMail, type Address, type ListQuery, type SentMailListener } from './store.js';
export { validateMailSend, LIMITS, RESERVED_HEADERS } from './validate.js';
export { isValidEmail } from './email-address.js';
export { escapeHtml } from './page.js';
export type { Route, RouteContext } from './http.js';
export type { SendGridErrorBody, SendGridErrorItem } from './errors.js';
