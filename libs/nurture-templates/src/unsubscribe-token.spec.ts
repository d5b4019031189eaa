import { signUnsubscribeToken, verifyUnsubscribeToken } from './unsubscribe-token.js';

const SECRET = 'a-test-secret-of-enough-length-0123456789';
const ENROLMENT = '6f1c3a52-8a7e-4e0b-9d51-0c1e2f3a4b5c';

describe('unsubscribe tokens', () => {
  it('round-trips the enrolment id', () => {
    const token = signUnsubscribeToken(SECRET, { enrolmentId: ENROLMENT });
    expect(token).toMatch(/^u1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(verifyUnsubscribeToken(SECRET, token)).toEqual({ ok: true, enrolmentId: ENROLMENT, email: null });
  });

  it('carries an address only encrypted: nothing personal is readable in the token', () => {
    const token = signUnsubscribeToken(SECRET, { enrolmentId: 'test-send', email: 'Ana.Garcia@Acme.example' });
    const readable = token
      .split('.')
      .map((p) => Buffer.from(p, 'base64url').toString('latin1'))
      .join(' ');
    expect(readable.toLowerCase()).not.toMatch(/ana|garcia|acme/);
    expect(verifyUnsubscribeToken(SECRET, token)).toEqual({ ok: true, enrolmentId: 'test-send', email: 'ana.garcia@acme.example' });
  });

  it('refuses a token with any character changed', () => {
    const token = signUnsubscribeToken(SECRET, { enrolmentId: ENROLMENT, email: 'ana@acme.example' });
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let i = 3; i < token.length; i++) {
      if (token[i] === '.') continue;
      const swapped = alphabet[(alphabet.indexOf(token[i]) + 1) % alphabet.length];
      const tampered = token.slice(0, i) + swapped + token.slice(i + 1);
      const check = verifyUnsubscribeToken(SECRET, tampered);
      // The last base64url character may carry unused bits; a change there that decodes to the same bytes is the same token.
      if (Buffer.from(tampered.split('.')[1], 'base64url').equals(Buffer.from(token.split('.')[1], 'base64url')) &&
          Buffer.from(tampered.split('.')[2], 'base64url').equals(Buffer.from(token.split('.')[2], 'base64url'))) continue;
      expect(check).toMatchObject({ ok: false, code: 'bad-signature' });
    }
  });

  it('refuses a payload swapped in from another token', () => {
    const mine = signUnsubscribeToken(SECRET, { enrolmentId: ENROLMENT }).split('.');
    const other = signUnsubscribeToken(SECRET, { enrolmentId: 'another-enrolment' }).split('.');
    expect(verifyUnsubscribeToken(SECRET, [mine[0], other[1], mine[2]].join('.'))).toMatchObject({ ok: false, code: 'bad-signature' });
  });

  it('refuses a token signed with another secret, and accepts it while that secret is still listed (rotation)', () => {
    const old = 'the-previous-secret-0123456789abcdef';
    const token = signUnsubscribeToken(old, { enrolmentId: ENROLMENT });
    expect(verifyUnsubscribeToken(SECRET, token)).toEqual({ ok: false, code: 'bad-signature', reason: 'the signature does not match' });
    expect(verifyUnsubscribeToken([SECRET, old], token)).toMatchObject({ ok: true, enrolmentId: ENROLMENT });
    expect(verifyUnsubscribeToken(SECRET, signUnsubscribeToken([SECRET, old], { enrolmentId: ENROLMENT }))).toMatchObject({ ok: true });
  });

  it.each([
    ['', 'malformed'],
    ['garbage', 'malformed'],
    ['u1.abc', 'malformed'],
    ['u1.a.b.c', 'malformed'],
    ['u1.a b.c', 'malformed'],
    ['u2.eyJlIjoieCJ9.AAAA', 'unsupported-version'],
    [`u1.${'A'.repeat(2000)}.AAAA`, 'malformed'],
  ])('refuses %j as %s', (token, code) => {
    expect(verifyUnsubscribeToken(SECRET, token)).toMatchObject({ ok: false, code });
  });

  it('refuses a short secret, and an empty enrolment id', () => {
    expect(() => signUnsubscribeToken('short', { enrolmentId: ENROLMENT })).toThrow(RangeError);
    expect(() => signUnsubscribeToken(SECRET, { enrolmentId: '' })).toThrow(RangeError);
  });
});
