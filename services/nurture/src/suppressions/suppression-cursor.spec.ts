import { decodeSuppressionCursor, encodeSuppressionCursor } from './suppression-cursor.js';

describe('suppression cursor', () => {
  it('round-trips the last entry of a page, microseconds included', () => {
    const cursor = { createdAt: '2026-11-03T09:15:00.123456Z', kind: 'domain' as const, value: 'xn--bcher-kva.de' };
    expect(decodeSuppressionCursor(encodeSuppressionCursor(cursor))).toEqual(cursor);
  });

  it('refuses anything it did not make', () => {
    expect(decodeSuppressionCursor('not base64 json')).toBeNull();
    expect(decodeSuppressionCursor(Buffer.from('["2026-11-03T09:15:00Z","domain","a.de"]').toString('base64url'))).toBeNull();
    expect(decodeSuppressionCursor(Buffer.from('["2026-11-03T09:15:00.123456Z","person","a.de"]').toString('base64url'))).toBeNull();
    expect(decodeSuppressionCursor(Buffer.from('{"__proto__":1}').toString('base64url'))).toBeNull();
  });
});
