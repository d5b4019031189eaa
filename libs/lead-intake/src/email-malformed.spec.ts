import { normaliseEmail } from './email.js';

/**
 * Addresses an attacker or a careless export produces. Each must be refused with its reason, never cut down to a
 * valid address that then merges into someone else's lead (`bo@beta.de/anything` used to become `bo@beta.de`).
 */
const label64 = 'a'.repeat(64);
const domain254 = `${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.${'e'.repeat(59)}.com`;
const malformed: Array<[string, string, string]> = [
  // The domain cut at URL delimiters (the reported finding).
  ['path after the domain', 'bo@beta.de/anything', 'domain contains "/"'],
  ['query and fragment after the domain', 'bo@beta.de?x#y', 'domain contains "?"'],
  ['backslash then another host', 'ana@acme.io\\evil.com', 'domain contains "\\"'],
  ['fragment only', 'bo@beta.de#top', 'domain contains "#"'],
  ['trailing slash', 'bo@beta.de/', 'domain contains "/"'],
  ['port', 'bo@beta.de:8080', 'domain contains ":"'],
  ['percent-encoded letter', 'bo@bet%61.de', 'domain contains "%"'],
  ['percent-encoded dot', 'bo@beta%2Ede', 'domain contains "%"'],
  ['percent-encoded NUL', 'bo@beta.de%00', 'domain contains "%"'],
  ['full-width solidus', 'bo@beta.de／x', 'domain contains "／"'],
  ['semicolon parameter', 'bo@beta.de;x=1', 'domain contains ";"'],
  ['comma list in the domain', 'bo@beta.de,evil.com', 'domain contains ","'],
  ['angle bracket', 'bo@beta.de>', 'domain contains ">"'],
  ['quote in the domain', 'bo@"beta".de', 'domain contains """'],
  ['comment in the domain', 'bo@beta.de(comment)', 'domain contains "("'],
  ['comment before the domain', 'bo@(comment)beta.de', 'domain contains "("'],
  ['underscore in a label', 'bo@my_host.beta.de', 'domain contains "_"'],
  ['asterisk wildcard', 'bo@*.beta.de', 'domain contains "*"'],
  ['plus in the domain', 'bo@beta+x.de', 'domain contains "+"'],
  ['apostrophe in the domain', "bo@o'brien.ie", 'domain contains "\'"'],
  ['unclosed IP literal bracket', 'bo@[1.2.3.4', 'IP-address literal'],
  ['IPv4 literal', 'bo@[10.0.0.1]', 'IP-address literal'],
  ['IPv6 literal', 'bo@[IPv6:::1]', 'IP-address literal'],
  ['bare IPv4 address', 'bo@127.0.0.1', 'top-level domain is numeric'],
  ['hex IPv4 form', 'bo@0x7f.0x1', 'top-level domain is numeric'],
  // Userinfo-like and doubled @.
  ['userinfo-like a@b@c', 'a@b@c.de', 'more than one @'],
  ['double @', 'bo@@beta.de', 'more than one @'],
  ['URL userinfo spelling', 'bo:pw@beta.de@evil.com', 'more than one @'],
  ['@ only', '@', 'local part (before the @) is empty'],
  ['no @ at all', 'bo.beta.de', 'missing @'],
  // Whitespace, control characters, invisibles.
  ['space in the domain', 'bo@beta .de', 'domain contains whitespace'],
  ['space before the @', 'bo @beta.de', 'local part contains whitespace'],
  ['tab inside', 'bo\t@beta.de', 'control character'],
  ['NUL in the domain', 'bo@beta.de\u0000', 'control character'],
  ['NUL in the local part', 'b\u0000o@beta.de', 'control character'],
  ['CR/LF header injection', 'bo@beta.de\r\nBcc: x@evil.com', 'control character'],
  ['bare LF', 'bo@beta\n.de', 'control character'],
  ['DEL character', 'bo@beta.de\u007F', 'control character'],
  ['C1 control', 'bo@beta.de\u0085x', 'control character'],
  ['escape sequence', 'bo@\u001b[31mbeta.de', 'control character'],
  ['right-to-left override', 'bo@\u202Eed.ateb', 'invisible character'],
  ['right-to-left isolate', 'bo@beta\u2067.de', 'invisible character'],
  ['left-to-right mark', 'bo\u200E@beta.de', 'invisible character'],
  ['zero-width joiner in the domain', 'bo@be\u200Dta.de', 'invisible character'],
  ['soft hyphen', 'bo@be\u00ADta.de', 'invisible character'],
  ['byte-order mark inside', 'bo@\uFEFFbeta.de', 'invisible character'],
  // Label and length rules.
  ['empty label', 'bo@beta..de', 'empty label'],
  ['leading dot', 'bo@.beta.de', 'empty label'],
  ['two trailing dots', 'bo@beta.de..', 'empty label'],
  ['only a dot', 'bo@.', 'empty label'],
  ['label starts with a hyphen', 'bo@-beta.de', 'letters, digits and inner hyphens'],
  ['label ends with a hyphen', 'bo@beta-.de', 'letters, digits and inner hyphens'],
  ['TLD ends with a hyphen', 'bo@beta.de-', 'letters, digits and inner hyphens'],
  ['64-character label', `bo@${label64}.de`, 'label is longer than 63'],
  ['domain over 253 characters', `b@${domain254}`, 'domain is longer than 253'],
  ['address over 254 characters', `${'a'.repeat(60)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.com`, 'longer than 254'],
  ['local part over 64 octets', `${'a'.repeat(65)}@beta.de`, 'longer than 64 octets'],
  ['missing TLD', 'bo@beta', 'domain has no dot'],
  ['numeric-only TLD', 'bo@beta.123', 'top-level domain is numeric'],
  ['one-letter TLD', 'bo@beta.d', 'top-level domain "d" is not valid'],
  ['digit in the TLD', 'bo@beta.d3', 'top-level domain "d3" is not valid'],
  ['broken punycode', 'bo@xn--.de', 'not a valid internationalised domain name'],
  // Homoglyphs.
  ['Cyrillic а in a Latin label', 'bo@pаypal.com', 'mixes scripts'],
  ['Greek ο in a Latin label', 'bo@gοogle.com', 'mixes scripts'],
  ['mixed-script label as punycode', 'bo@xn--pypal-4ve.com', 'mixes scripts'],
  // Local-part syntax.
  ['comment in the local part', 'bo(x)@beta.de', 'only allowed inside quotes'],
  ['unquoted quote in the local part', 'b"o@beta.de', 'only allowed inside quotes'],
  ['unclosed quoted local part', '"bo@beta.de', 'quoted local part is not closed'],
  ['text after the closing quote', '"bo"x@beta.de', 'must be followed directly by @'],
  ['leading dot in the local part', '.bo@beta.de', 'starts or ends with a dot'],
  ['double dot in the local part', 'b..o@beta.de', 'consecutive dots'],
  ['display name with angle brackets', 'Bo <bo@beta.de>', 'local part contains whitespace'],
  ['angle brackets without a name', '<bo@beta.de>', 'only allowed inside quotes'],
];

describe('normaliseEmail refuses malformed addresses', () => {
  it('has at least 60 cases', () => {
    expect(malformed.length).toBeGreaterThanOrEqual(60);
  });

  it.each(malformed)('refuses %s', (_name, raw, reason) => {
    const result = normaliseEmail(raw);
    expect(result).toEqual({ ok: false, reason: expect.stringContaining(reason) });
  });
});
