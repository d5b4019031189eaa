import fc from 'fast-check';
import type { SequenceVariant } from '#libs/contracts';
import { chooseVariant } from './choose-variant.js';

const ab: SequenceVariant[] = [
  { id: 'a', templateId: 'intro-a', weight: 3 },
  { id: 'b', templateId: 'intro-b', weight: 1 },
];

describe('chooseVariant', () => {
  it('is deterministic by key and independent of the order variants are listed in', () => {
    fc.assert(
      fc.property(fc.string(), (key) => {
        expect(chooseVariant(ab, key)).toBe(chooseVariant(ab, key));
        expect(chooseVariant([...ab].reverse(), key).id).toBe(chooseVariant(ab, key).id);
      }),
    );
  });

  it('splits by weight over many enrolments', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 5 }), (weights) => {
        const variants = weights.map((weight, i) => ({ id: String.fromCharCode(97 + i), templateId: `t-${i}`, weight }));
        const total = weights.reduce((s, w) => s + w, 0);
        const n = 10_000;
        const counts = new Map<string, number>();
        for (let i = 0; i < n; i++) {
          const id = chooseVariant(variants, `enrolment-${i}/0`).id;
          counts.set(id, (counts.get(id) ?? 0) + 1);
        }
        // Within 2.5 percentage points: 5 standard deviations or more at n = 10,000.
        variants.forEach((v) => expect(Math.abs((counts.get(v.id) ?? 0) / n - v.weight / total)).toBeLessThan(0.025));
      }),
      { numRuns: 10 },
    );
  });

  it('a single variant always wins; a variant with no weight never does', () => {
    expect(chooseVariant([ab[0]], 'k').id).toBe('a');
    for (let i = 0; i < 500; i++) expect(chooseVariant([{ ...ab[0], weight: 0 }, ab[1]], `k${i}`).id).toBe('b');
  });

  it('refuses a step without a usable variant', () => {
    expect(() => chooseVariant([], 'k')).toThrow(RangeError);
    expect(() => chooseVariant([{ ...ab[0], weight: 0 }], 'k')).toThrow(RangeError);
  });
});
