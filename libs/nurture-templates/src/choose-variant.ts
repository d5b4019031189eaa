/**
 * The A/B variant of a step for one enrolment: weighted and deterministic by key ("<enrolment>/<step>"), so a
 * retry or a replay picks the same variant, and over many enrolments each variant's share matches its weight.
 * Weighted rendezvous hashing (score −ln(u) / weight, lowest wins): independent of the order variants are listed
 * in, and adding a variant only moves enrolments onto it.
 */
import type { SequenceVariant } from '#libs/contracts';
import { createHash } from 'node:crypto';

export function chooseVariant(variants: readonly SequenceVariant[], key: string): SequenceVariant {
  let best: SequenceVariant | null = null;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const v of variants) {
    if (!(v.weight > 0) || !Number.isFinite(v.weight)) continue;
    const score = -Math.log(unit(`${key}\u0000${v.id}`)) / v.weight;
    if (score < bestScore || (score === bestScore && best !== null && v.id < best.id)) {
      best = v;
      bestScore = score;
    }
  }
  if (!best) throw new RangeError('a step needs at least one variant with a positive weight');
  return best;
}

/** SHA-256 of the text as a uniform number strictly between 0 and 1 (53 bits). */
function unit(text: string): number {
  const digest = createHash('sha256').update(text).digest();
  const high = digest.readUIntBE(0, 6) * 32 + (digest[6] >>> 3); // 48 + 5 = 53 bits
  return (high + 0.5) / 2 ** 53;
}
