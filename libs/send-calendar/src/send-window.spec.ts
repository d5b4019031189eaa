import { DEFAULT_SEND_WINDOW } from '#libs/contracts';
import { validateBlackoutDates, validateSendWindow } from './index.js';

describe('validateSendWindow', () => {
  test('the default window and an every-day 00:00–24:00 window are valid', () => {
    expect(validateSendWindow(DEFAULT_SEND_WINDOW)).toEqual([]);
    expect(validateSendWindow({ sat: { start: '00:00', end: '24:00' }, sun: null })).toEqual([]);
  });

  test.each<[string, unknown, string[]]>([
    ['not an object', 'mon-fri', ['window must be an object with weekdays mon … sun']],
    ['a list', [], ['window must be an object with weekdays mon … sun']],
    ['no sending day', { sat: null }, ['window must have at least one sending day']],
    ['a bad start', { sat: { start: '9:00', end: '17:00' } }, ['window.sat.start must be HH:MM (00:00 … 23:59)']],
    ['a bad end', { mon: { start: '09:00', end: '24:30' } }, ['window.mon.end must be HH:MM (00:01 … 24:00)']],
    ['24:00 as a start', { mon: { start: '24:00', end: '24:00' } }, ['window.mon.start must be HH:MM (00:00 … 23:59)']],
    ['start after end', { tue: { start: '17:00', end: '09:00' } }, ['window.tue start must be before end (17:00–09:00)']],
    ['start equal to end', { tue: { start: '09:00', end: '09:00' } }, ['window.tue start must be before end (09:00–09:00)']],
    ['an unknown day', { monday: { start: '09:00', end: '17:00' }, tue: { start: '09:00', end: '17:00' } }, ['window.monday is not a weekday (use mon, tue, wed, thu, fri, sat, sun)']],
    ['a day that is not a range', { wed: '09:00-17:00' }, ['window.wed must be { start, end } or null']],
    ['numbers', { thu: { start: 900, end: 1700 } }, ['window.thu.start must be HH:MM (00:00 … 23:59)', 'window.thu.end must be HH:MM (00:01 … 24:00)']],
  ])('%s', (_name, window, messages) => {
    expect(validateSendWindow(window).map((p) => p.message)).toEqual(messages);
  });

  test('each problem names its path', () => {
    expect(validateSendWindow({ sat: { start: 'x', end: '17:00' } })).toEqual([{ path: 'window.sat.start', message: 'window.sat.start must be HH:MM (00:00 … 23:59)' }]);
  });
});

describe('validateBlackoutDates', () => {
  test('real dates pass, anything else is named by index', () => {
    expect(validateBlackoutDates(['2026-12-24', '2028-02-29'])).toEqual([]);
    expect(validateBlackoutDates(['2026-12-24', '2027-02-29', '24/12/2026', 7])).toEqual([
      { path: 'blackoutDates[1]', message: 'blackoutDates[1] must be a real date YYYY-MM-DD' },
      { path: 'blackoutDates[2]', message: 'blackoutDates[2] must be a real date YYYY-MM-DD' },
      { path: 'blackoutDates[3]', message: 'blackoutDates[3] must be a real date YYYY-MM-DD' },
    ]);
    expect(validateBlackoutDates('2026-12-24')).toEqual([{ path: 'blackoutDates', message: 'blackoutDates must be a list of dates YYYY-MM-DD' }]);
    expect(validateBlackoutDates(Array.from({ length: 1001 }, () => '2026-12-24'))[0]!.message).toBe('blackoutDates may hold at most 1000 dates');
  });
});
