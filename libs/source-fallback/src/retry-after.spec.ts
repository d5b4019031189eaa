import { parseRetryAfter } from './retry-after.js';

const NOW = Date.UTC(2025, 0, 6, 12, 0, 0);

describe('parseRetryAfter', () => {
  it.each<[string, string | null | undefined, number | undefined]>([
    ['delay-seconds', '30', 30_000],
    ['zero seconds', '0', 0],
    ['padded', ' 2 ', 2_000],
    ['HTTP-date in the future', 'Mon, 06 Jan 2025 12:00:05 GMT', 5_000],
    ['HTTP-date in the past clamps to 0', 'Mon, 06 Jan 2025 11:59:00 GMT', 0],
    ['absent', null, undefined],
    ['undefined', undefined, undefined],
    ['empty', '', undefined],
    ['fractional seconds are not allowed', '1.5', undefined],
    ['negative', '-3', undefined],
    ['garbage', 'soon', undefined],
  ])('%s: %p', (_name, header, expected) => {
    expect(parseRetryAfter(header, NOW)).toBe(expected);
  });
});
