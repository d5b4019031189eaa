import { signUnsubscribeToken } from '#libs/nurture-templates';
import { checkUnsubscribeToken, unsubscribeUrl } from './unsubscribe-token.js';

const secret = 'a-secret-of-at-least-16-chars';

describe('checkUnsubscribeToken', () => {
  it('names the enrolment of a token signed with the secret, and the sealed address of one without', () => {
    expect(checkUnsubscribeToken(secret, signUnsubscribeToken(secret, { enrolmentId: 'e-1' }))).toEqual({ ok: true, enrolmentId: 'e-1', email: null });
    expect(checkUnsubscribeToken(secret, signUnsubscribeToken(secret, { enrolmentId: 'test-send', email: 'Ann@A.example' }))).toEqual({ ok: true, enrolmentId: 'test-send', email: 'ann@a.example' });
  });

  it('refuses another secret, a changed character and anything not shaped like a token', () => {
    const good = signUnsubscribeToken(secret, { enrolmentId: 'e-1' });
    expect(checkUnsubscribeToken('another-secret-of-16-chars', good)).toEqual({ ok: false, reason: 'the signature does not match' });
    expect(checkUnsubscribeToken(secret, good.slice(0, -1) + (good.endsWith('A') ? 'B' : 'A'))).toMatchObject({ ok: false });
    for (const bad of [undefined, 42, '', 'a.b', 'a.b.c.d', 'u1.a.b!', 'x'.repeat(2000)]) expect(checkUnsubscribeToken(secret, bad)).toMatchObject({ ok: false });
  });
});

describe('unsubscribeUrl', () => {
  it('puts the token under /unsubscribe/ of the public API, with or without a trailing slash or a path', () => {
    expect(unsubscribeUrl('https://api.example.com', 'u1.a.b')).toBe('https://api.example.com/unsubscribe/u1.a.b');
    expect(unsubscribeUrl('https://api.example.com/', 'u1.a.b')).toBe('https://api.example.com/unsubscribe/u1.a.b');
    expect(unsubscribeUrl('https://example.com/cam', 'u1.a.b')).toBe('https://example.com/cam/unsubscribe/u1.a.b');
  });
});
