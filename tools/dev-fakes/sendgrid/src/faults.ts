import { isObject } from './validate.js';

/**
 * Provider faults injected on demand (development and tests only), each consumed by one Mail Send request:
 * - `rate-limit`: 429 with Retry-After, as SendGrid answers when the account's rate is exceeded; nothing kept.
 * - `server-error`: 500; nothing kept.
 * - `timeout`: the request is read and never answered; nothing kept (the sender's timeout decides).
 * - `reset-after-accept`: the message is validated and KEPT, then the connection is reset before any answer,
 *   so the sender cannot know it was accepted: the case the Email Activity lookup resolves.
 */
export const FAULT_KINDS = ['rate-limit', 'server-error', 'timeout', 'reset-after-accept'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Fault {
  kind: FaultKind;
  /** For rate-limit: the Retry-After value in seconds (default 1). */
  retryAfterSeconds?: number;
}

/** A fault as posted: `times` repeats it for that many consecutive sends (default 1). */
export interface FaultRequest extends Fault {
  times?: number;
}

const MAX_QUEUED = 100_000;

export class FaultQueue {
  private queue: Fault[] = [];

  /** Append faults; returns how many are now waiting. */
  push(faults: readonly FaultRequest[]): number {
    for (const { times = 1, ...fault } of faults) {
      for (let i = 0; i < times; i++) this.queue.push(fault);
    }
    return this.queue.length;
  }

  /** The fault for the next Mail Send request, if any (removed from the queue). */
  take(): Fault | undefined {
    return this.queue.shift();
  }

  pending(): readonly Fault[] {
    return this.queue;
  }

  clear(): void {
    this.queue = [];
  }
}

/**
 * Parse `POST /__sandbox/faults`: a JSON list of faults, or `{ faults: [...] }`. Returns the faults or the
 * problem found (the route answers 400 with it).
 */
export function parseFaults(body: unknown, alreadyQueued = 0): { ok: true; faults: FaultRequest[] } | { ok: false; message: string } {
  const list = Array.isArray(body) ? body : isObject(body) && Array.isArray(body.faults) ? body.faults : undefined;
  if (!list) return { ok: false, message: 'expected a JSON list of faults, or { "faults": [...] }' };
  const faults: FaultRequest[] = [];
  let total = alreadyQueued;
  for (const [i, item] of list.entries()) {
    if (!isObject(item) || !FAULT_KINDS.includes(item.kind as FaultKind)) {
      return { ok: false, message: `faults[${i}].kind must be one of ${FAULT_KINDS.join(', ')}` };
    }
    const times = item.times ?? 1;
    if (typeof times !== 'number' || !Number.isInteger(times) || times < 1 || times > 10_000) {
      return { ok: false, message: `faults[${i}].times must be a whole number from 1 to 10000` };
    }
    const retryAfter = item.retryAfterSeconds;
    if (retryAfter !== undefined && (typeof retryAfter !== 'number' || !Number.isInteger(retryAfter) || retryAfter < 0 || retryAfter > 3600)) {
      return { ok: false, message: `faults[${i}].retryAfterSeconds must be a whole number from 0 to 3600` };
    }
    total += times;
    if (total > MAX_QUEUED) return { ok: false, message: `at most ${MAX_QUEUED} faults may wait` };
    faults.push({ kind: item.kind as FaultKind, times, ...(retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {}) });
  }
  return { ok: true, faults };
}
