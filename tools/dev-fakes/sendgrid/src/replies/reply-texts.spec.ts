import { REPLY_LANGUAGES, daysAfter, outOfOfficeText, parseCalendarDate } from './reply-texts.js';

describe('out-of-office texts', () => {
  const until = { year: 2026, month: 12, day: 14 };
  it.each([
    ['en', 'out of the office until 14 December'],
    ['de', 'bis zum 14.12. nicht im Büro'],
    ['fr', "absent du bureau jusqu'au 14 décembre"],
    ['es', 'fuera de la oficina hasta el 14 de diciembre'],
    ['it', 'fuori ufficio fino al 14 dicembre'],
    ['nl', 'tot en met 14 december afwezig'],
    ['pt', 'fora do escritório até 14 de dezembro'],
  ] as const)('%s names the return date as people write it', (language, phrase) => {
    expect(outOfOfficeText(language, until)).toContain(phrase);
  });

  it('covers seven languages', () => {
    expect(REPLY_LANGUAGES).toHaveLength(7);
    expect(new Set(REPLY_LANGUAGES.map((l) => outOfOfficeText(l, until))).size).toBe(7);
  });
});

describe('dates', () => {
  it('parses real YYYY-MM-DD dates only', () => {
    expect(parseCalendarDate('2028-02-29')).toEqual({ year: 2028, month: 2, day: 29 });
    for (const bad of ['2026-02-29', '2026-13-01', '2026-1-01', '14.12.2026', '']) expect(parseCalendarDate(bad)).toBeUndefined();
  });

  it('counts days across month and year ends', () => {
    expect(daysAfter(new Date('2026-12-29T23:30:00Z'), 5)).toEqual({ year: 2027, month: 1, day: 3 });
  });
});
