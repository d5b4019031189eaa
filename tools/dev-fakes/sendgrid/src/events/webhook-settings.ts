import { isObject } from '../validate.js';

/** How the sandbox delivers Event Webhook posts; live, changed by `PUT /__sandbox/webhook`. */
export interface WebhookSettings {
  /** A batch goes out when it holds this many events (SendGrid: up to 100 per post by default)… */
  batchSize: number;
  /** …or this long after its first event was queued. */
  flushMs: number;
  /** Share of delivered events posted once more, same sg_event_id, in a later batch (SendGrid is at-least-once). */
  duplicateRate: number;
  /** Share of delivered events posted once more under a new sg_event_id (same content). */
  newIdRate: number;
  /** `delivered` follows `processed` this long after Mail Send accepted the message. */
  deliveredDelayMs: number;
  /** Hold every post (events keep queueing; retries wait) until unpaused. */
  paused: boolean;
}

export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = { batchSize: 100, flushMs: 1_000, duplicateRate: 0, newIdRate: 0, deliveredDelayMs: 500, paused: false };

type Field = keyof WebhookSettings;
const RULES: Record<Field, { check: (v: unknown) => boolean; says: string }> = {
  batchSize: { check: (v) => isWhole(v, 1, 10_000), says: 'a whole number from 1 to 10000' },
  flushMs: { check: (v) => isWhole(v, 0, 3_600_000), says: 'a whole number of milliseconds from 0 to 3600000' },
  duplicateRate: { check: isRate, says: 'a number from 0 to 1' },
  newIdRate: { check: isRate, says: 'a number from 0 to 1' },
  deliveredDelayMs: { check: (v) => isWhole(v, 0, 3_600_000), says: 'a whole number of milliseconds from 0 to 3600000' },
  paused: { check: (v) => typeof v === 'boolean', says: 'true or false' },
};

export type SettingsPatch = { ok: true; patch: Partial<WebhookSettings> } | { ok: false; field: string | null; message: string };

/** Validate a `PUT /__sandbox/webhook` body: every given field checked, unknown fields refused, each error names its field. */
export function parseSettingsPatch(body: unknown): SettingsPatch {
  if (!isObject(body)) return { ok: false, field: null, message: `expected a JSON object with any of ${Object.keys(RULES).join(', ')}` };
  const patch: Partial<WebhookSettings> = {};
  for (const [key, value] of Object.entries(body)) {
    if (!Object.hasOwn(RULES, key)) return { ok: false, field: key, message: `${key} is not a webhook setting (known: ${Object.keys(RULES).join(', ')})` };
    const rule = RULES[key as Field];
    if (!rule.check(value)) return { ok: false, field: key, message: `${key} must be ${rule.says}` };
    Object.assign(patch, { [key]: value });
  }
  return { ok: true, patch };
}

function isWhole(v: unknown, min: number, max: number): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

function isRate(v: unknown): boolean {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1;
}
