import { classifySendFailure, parseRetryAfter } from './provider-failure.js';

const responseError = (status: number, headers: Record<string, string> = {}, body: unknown = {}) =>
  Object.assign(new Error('x'), { code: status, response: { headers, body } });
const netError = (code: string) => Object.assign(new Error(`net ${code}`), { code });

describe('classifySendFailure', () => {
  const now = Date.parse('2026-12-05T10:00:00Z');

  it('429 is not accepted and honours Retry-After', () => {
    expect(classifySendFailure(responseError(429, { 'retry-after': '7' }), now)).toEqual({
      kind: 'not-accepted',
      status: 429,
      reason: 'SendGrid answered 429 (rate limited)',
      retryAfterMs: 7000,
    });
  });

  it('5xx and other 4xx are not accepted, with the provider message', () => {
    expect(classifySendFailure(responseError(500, {}, { errors: [{ message: 'boom' }] }), now)).toMatchObject({ kind: 'not-accepted', status: 500, reason: 'SendGrid answered 500: boom' });
    expect(classifySendFailure(responseError(400), now)).toMatchObject({ kind: 'not-accepted', status: 400, retryAfterMs: null });
  });

  it('a refused connection never sent anything', () => {
    expect(classifySendFailure(netError('ECONNREFUSED'), now)).toMatchObject({ kind: 'not-accepted', status: null });
  });

  it('a timeout or a reset after the request left is in doubt', () => {
    expect(classifySendFailure(netError('ECONNRESET'), now)).toMatchObject({ kind: 'in-doubt' });
    expect(classifySendFailure(netError('ECONNABORTED'), now)).toMatchObject({ kind: 'in-doubt' });
    expect(classifySendFailure(new Error('socket hang up'), now)).toEqual({ kind: 'in-doubt', reason: 'no answer from SendGrid after the request left (socket hang up)' });
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-12-05T10:00:00Z');
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Sat, 05 Dec 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter(undefined, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });
});
