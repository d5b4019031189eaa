/**
 * A fixed-size Bloom filter of emails: "maybe seen" or "certainly not seen", in 2 MiB whatever the count. The
 * writer uses it to remember which emails it has stored itself without holding them all: a false "maybe" only
 * sends a new lead through the merge path, which handles every case.
 */
export class EmailFilter {
  private readonly bits: Uint32Array;
  private readonly mask: number;

  constructor(log2Bits = 24) {
    this.bits = new Uint32Array(2 ** (log2Bits - 5));
    this.mask = 2 ** log2Bits - 1;
  }

  add(email: string): void {
    const [a, b] = hashes(email);
    for (let i = 0; i < PROBES; i++) {
      const bit = (a + i * b) & this.mask;
      this.bits[bit >>> 5]! |= 1 << (bit & 31);
    }
  }

  mayHave(email: string): boolean {
    const [a, b] = hashes(email);
    for (let i = 0; i < PROBES; i++) {
      const bit = (a + i * b) & this.mask;
      if ((this.bits[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }
}

const PROBES = 5;

/** Two independent 32-bit hashes (FNV-1a and a multiplicative one) for double hashing. */
function hashes(s: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return [a >>> 0, (b | 1) >>> 0];
}
