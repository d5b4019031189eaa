import { EngagementError } from '../engagement-errors.js';
import { checkParseAuth } from './parse-auth.js';

const secret = 'a-parse-secret-of-32-characters!';
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const codeOf = (f: () => void) => {
  try {
    f();
    return 'ok';
  } catch (err) {
    return (err as EngagementError).code;
  }
};

describe('checkParseAuth', () => {
  it('takes the secret as the basic-auth password with any user name', () => {
    expect(codeOf(() => checkParseAuth(basic('parse', secret), secret))).toBe('ok');
    expect(codeOf(() => checkParseAuth(basic('anyone', secret), secret))).toBe('ok');
  });

  it('refuses a missing, malformed or wrong credential (401: SendGrid drops it)', () => {
    expect(codeOf(() => checkParseAuth(undefined, secret))).toBe('parse_auth_required');
    expect(codeOf(() => checkParseAuth('Bearer x', secret))).toBe('parse_auth_required');
    expect(codeOf(() => checkParseAuth(`Basic ${Buffer.from(secret).toString('base64')}`, secret))).toBe('parse_auth_required');
    expect(codeOf(() => checkParseAuth(basic('parse', secret.slice(0, -1)), secret))).toBe('parse_auth_required');
    expect(codeOf(() => checkParseAuth(basic('parse', `${secret}x`), secret))).toBe('parse_auth_required');
    expect(codeOf(() => checkParseAuth(basic(secret, 'parse'), secret))).toBe('parse_auth_required');
  });

  it('answers 503 while no secret is configured, whatever is sent', () => {
    expect(codeOf(() => checkParseAuth(basic('parse', secret), undefined))).toBe('webhook_not_configured');
  });
});
