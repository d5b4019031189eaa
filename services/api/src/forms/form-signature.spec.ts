import { createHmac } from 'node:crypto';
import { formSignatureValid, signFormBody } from './form-signature.js';

describe('form signatures', () => {
  const secret = 's3cret';
  const body = Buffer.from('email=ana%40acme.io&title=CTO');
  const good = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

  it('accepts the HMAC-SHA256 of the raw body, in either hex case', () => {
    expect(signFormBody(secret, body)).toBe(good);
    expect(formSignatureValid(secret, body, good)).toBe(true);
    expect(formSignatureValid(secret, body, good.toUpperCase().replace('SHA256=', 'sha256='))).toBe(true);
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['the bare hex without the scheme', good.slice(7)],
    ['another scheme', good.replace('sha256=', 'sha1=')],
    ['a truncated signature', good.slice(0, -2)],
    ['one digit changed', good.slice(0, -1) + (good.endsWith('0') ? '1' : '0')],
    ['the signature of another body', signFormBody(secret, 'email=ana%40acme.io&title=CEO')],
    ['a signature made with another secret', signFormBody('other', body)],
  ])('refuses %s', (_name, header) => {
    expect(formSignatureValid(secret, body, header)).toBe(false);
  });

  it('refuses when the raw body is not available', () => {
    expect(formSignatureValid(secret, undefined, good)).toBe(false);
  });
});
