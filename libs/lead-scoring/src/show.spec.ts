import { describeValue, listPreview, orList, signedHundredths, signedPoints } from './show.js';

describe('signedHundredths', () => {
  it.each<[number, string]>([
    [0, '0'],
    [725, '+7.25'],
    [-150, '-1.5'],
    [5, '+0.05'],
    [-1, '-0.01'],
    [100, '+1'],
    [12_345, '+123.45'],
    [-10_000, '-100'],
  ])('%p hundredths → %j', (h, text) => {
    expect(signedHundredths(h)).toBe(text);
    // Prints what the number is.
    expect(Number(text)).toBe(h / 100);
  });
});

describe('other renderings', () => {
  it('signs whole points', () => {
    expect([20, -10, 0].map(signedPoints)).toEqual(['+20', '-10', '0']);
  });

  it('describes bad values by kind', () => {
    expect([describeValue('x'), describeValue(2), describeValue(null), describeValue([]), describeValue({}), describeValue(undefined)]).toEqual([
      '"x"',
      '2',
      'null',
      'a list',
      'an object',
      'nothing',
    ]);
  });

  it('lists', () => {
    expect(listPreview(['US', 'GB', 'CA', 'AU', 'NZ'])).toBe('US, GB, CA (+2 more)');
    expect(orList(['a', 'b', 'c'])).toBe('a, b or c');
    expect(orList(['a'])).toBe('a');
  });
});
