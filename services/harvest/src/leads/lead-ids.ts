import { randomFillSync } from 'node:crypto';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * UUIDv7 ids (RFC 9562) for new leads, made in bulk: a large import mints a million ids, and drawing random bytes
 * once per batch instead of once per id takes this from seconds to milliseconds of CPU. Ids are monotonic within
 * a process (a 12-bit counter in rand_a, method 3 of RFC 9562 §6.2), so new leads append to the primary-key
 * index in order.
 */
export class LeadIdSource {
  private lastMs = 0;
  private counter = 0;

  next(count: number, nowMs: number = Date.now()): string[] {
    const random = randomFillSync(Buffer.allocUnsafe(count * 8));
    const ids = new Array<string>(count);
    for (let i = 0; i < count; i++) {
      if (nowMs > this.lastMs) {
        this.lastMs = nowMs;
        this.counter = 0;
      } else if (++this.counter > 0xfff) {
        // More than 4096 ids in one millisecond: borrow the next millisecond rather than break the order.
        this.lastMs++;
        this.counter = 0;
      }
      ids[i] = format(this.lastMs, this.counter, random, i * 8);
    }
    return ids;
  }
}

function format(ms: number, counter: number, random: Buffer, at: number): string {
  const high = Math.floor(ms / 0x10000); // top 32 of the 48 timestamp bits
  const low = ms % 0x10000;
  return (
    HEX[(high >>> 24) & 0xff] + HEX[(high >>> 16) & 0xff] + HEX[(high >>> 8) & 0xff] + HEX[high & 0xff] + '-' +
    HEX[low >>> 8] + HEX[low & 0xff] + '-' +
    HEX[0x70 | (counter >>> 8)] + HEX[counter & 0xff] + '-' +
    HEX[0x80 | (random[at]! & 0x3f)] + HEX[random[at + 1]!] + '-' +
    HEX[random[at + 2]!] + HEX[random[at + 3]!] + HEX[random[at + 4]!] + HEX[random[at + 5]!] + HEX[random[at + 6]!] + HEX[random[at + 7]!]
  );
}
