import { isValidEmail } from './email-address.js';

describe('isValidEmail', () => {
  it.each([
    'lead@example.com',
    'first.last+tag@sub.example.co.uk',
    'UPPER@EXAMPLE.COM',
    '"quoted local"@example.com',
    'info@xn--bcher-kva.de',
    `${'a'.repeat(64)}@example.com`,
  ])('accepts %s', (email) => expect(isValidEmail(email)).toBe(true));

  it.each([
    '',
    'plain',
    'a@b@example.com',
    'no-tld@localhost',
    'trailing-dot@example.com.',
    '.lead@example.com',
    'le..ad@example.com',
    ' lead@example.com',
    'lead@example.com\r\nBcc: x@example.com',
    'user@[IPv6:2001:db8::1]',
    'user@bücher.de', // IDN must be Punycode
    'usér@example.com', // no SMTPUTF8 local parts
    'lead@exаmple.com', // Cyrillic а
    `${'a'.repeat(65)}@example.com`,
    `a@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.${'e'.repeat(60)}.com`,
  ])('refuses %j', (email) => expect(isValidEmail(email)).toBe(false));
});
