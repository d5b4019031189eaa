import { normaliseEmail } from './email.js';

// Accepted addresses and their identity form.
const local64 = 'a'.repeat(64);
const domain189 = `${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.com`; // 189 characters
const accepted: Array<[string, string, string]> = [
  ['plain', 'user@example.com', 'user@example.com'],
  ['surrounding spaces', '  user@example.com  ', 'user@example.com'],
  ['NBSP around', '\u00A0user@example.com\u00A0', 'user@example.com'],
  ['zero-width space at the edge', '\u200Buser@example.com', 'user@example.com'],
  ['tab and newline at the edges', '\tuser@example.com\r\n', 'user@example.com'],
  ['upper-case domain', 'user@EXAMPLE.COM', 'user@example.com'],
  ['upper-case local part (folded, see email.ts)', 'John.Smith@Example.com', 'john.smith@example.com'],
  ['plus addressing kept', 'user+crm@example.com', 'user+crm@example.com'],
  ['plus addressing with case', 'User+Leads@Example.com', 'user+leads@example.com'],
  ['Gmail dots kept', 'first.last@gmail.com', 'first.last@gmail.com'],
  ['Gmail dots not collapsed', 'f.i.r.s.t@gmail.com', 'f.i.r.s.t@gmail.com'],
  ['trailing dot on the domain', 'user@example.com.', 'user@example.com'],
  ['IDN in Unicode', 'user@bücher.de', 'user@xn--bcher-kva.de'],
  ['IDN in punycode', 'user@xn--bcher-kva.de', 'user@xn--bcher-kva.de'],
  ['IDN upper case', 'user@BÜCHER.DE', 'user@xn--bcher-kva.de'],
  ['Cyrillic IDN with Cyrillic TLD', 'user@пример.рф', 'user@xn--e1afmkfd.xn--p1ai'],
  ['full-width domain (UTS 46 mapping)', 'user@ｅｘａｍｐｌｅ.com', 'user@example.com'],
  ['Unicode local part (SMTPUTF8)', 'josé@example.com', 'josé@example.com'],
  ['decomposed Unicode is NFC-composed', 'jose\u0301@example.com', 'josé@example.com'],
  ['quoted local part that needs no quotes', '"john"@example.com', 'john@example.com'],
  ['quoted local part with a space', '"John Doe"@example.com', '"john doe"@example.com'],
  ['OWASP: quoted single space', '" "@example.org', '" "@example.org'],
  ['OWASP: quoted markup is syntactically valid', '"><script>alert(1);</script>"@example.org', '"><script>alert(1);</script>"@example.org'],
  ['quoted local part with an escaped quote', '"a\\"b"@example.com', '"a\\"b"@example.com'],
  ['quoted local part with an @', '"john@doe"@example.com', '"john@doe"@example.com'],
  ['role account info@', 'info@example.com', 'info@example.com'],
  ['role account postmaster@', 'postmaster@example.com', 'postmaster@example.com'],
  ['disposable domain (qualification decides)', 'someone@mailinator.com', 'someone@mailinator.com'],
  ['apostrophe in the local part', "o'brien@example.ie", "o'brien@example.ie"],
  ['64-octet local part', `${local64}@example.com`, `${local64}@example.com`],
  ['254-character address', `${local64}@${domain189}`, `${local64}@${domain189}`],
  ['many subdomains', 'user@mail.sub.example.co.uk', 'user@mail.sub.example.co.uk'],
  ['long TLD', 'user@example.museum', 'user@example.museum'],
  ['shortest sensible address', 'a@b.co', 'a@b.co'],
  ['digits and hyphens in the domain', 'user@acme-robotics-2.example', 'user@acme-robotics-2.example'],
];

const rejected: Array<[string, string, string]> = [
  ['empty', '', 'address is empty'],
  ['only spaces', '   ', 'address is empty'],
  ['no @', 'userexample.com', 'missing @'],
  ['two @', 'user@@example.com', 'more than one @'],
  ['@ inside the domain', 'user@exa@mple.com', 'more than one @'],
  ['two addresses in one cell', 'a@example.com,b@example.com', 'more than one @'],
  ['empty local part', '@example.com', 'local part (before the @) is empty'],
  ['empty quoted local part', '""@example.com', 'local part (before the @) is empty'],
  ['empty domain', 'user@', 'domain (after the @) is empty'],
  ['no TLD: localhost', 'user@localhost', 'domain has no dot'],
  ['no TLD', 'user@example', 'domain has no dot'],
  ['IPv4 literal', 'user@[192.168.0.1]', 'IP-address literal'],
  ['IPv6 literal (OWASP-valid, refused for leads)', 'user@[IPv6:2001:db8::1]', 'IP-address literal'],
  ['bare IP address', 'user@192.168.0.1', 'top-level domain is numeric'],
  ['digit in the TLD', 'user@example.c0m', 'top-level domain "c0m" is not valid'],
  ['leading dot in the local part', '.user@example.com', 'local part starts or ends with a dot'],
  ['trailing dot in the local part', 'user.@example.com', 'local part starts or ends with a dot'],
  ['consecutive dots in the local part', 'us..er@example.com', 'local part has consecutive dots'],
  ['consecutive dots in the domain', 'user@example..com', 'empty label'],
  ['leading dot in the domain', 'user@.example.com', 'empty label'],
  ['two trailing dots', 'user@example.com..', 'empty label'],
  ['label starting with a hyphen', 'user@-example.com', 'letters, digits and inner hyphens'],
  ['underscore in the domain', 'user@exa_mple.com', 'letters, digits and inner hyphens'],
  ['64-character label', `user@${'a'.repeat(64)}.com`, 'label is longer than 63'],
  ['65-octet local part', `${'a'.repeat(65)}@example.com`, 'longer than 64 octets'],
  ['65 octets from 33 two-byte characters', `${'é'.repeat(33)}@example.com`, 'longer than 64 octets'],
  ['255-character address', `${local64}@${domain189.replace('.com', 'e.com')}`, 'longer than 254'],
  ['string over 1 KB', `${'a'.repeat(2000)}@example.com`, 'longer than 254'],
  ['CR/LF inside (header injection)', 'user@example.com\r\nBcc: evil@example.net', 'control character'],
  ['LF inside the local part', 'us\ner@example.com', 'control character'],
  ['NUL inside', 'user\u0000@example.com', 'control character'],
  ['space inside the local part', 'us er@example.com', 'local part contains whitespace'],
  ['display-name form', 'John Doe <john@example.com>', 'local part contains whitespace'],
  ['space inside the domain', 'user@exa mple.com', 'domain contains whitespace'],
  ['zero-width space inside', 'us\u200Ber@example.com', 'invisible character'],
  ['bidi override inside', 'user@exam\u202Eple.com', 'invisible character'],
  ['homoglyph: Cyrillic а in a Latin label', 'user@аpple.com', 'mixes scripts'],
  ['homoglyph given as punycode', 'user@xn--pple-43d.com', 'mixes scripts'],
  ['invalid punycode', 'user@xn--zz.com', 'not a valid internationalised domain name'],
  ['parentheses (comments are not accepted)', 'user(comment)@example.com', 'only allowed inside quotes'],
  ['unclosed quoted local part', '"unclosed@example.com', 'quoted local part is not closed'],
  ['text after a quoted local part', '"a"b@example.com', 'must be followed directly by @'],
];

describe('normaliseEmail', () => {
  it('has the §5.2 corpus (≥ 50 cases)', () => {
    expect(accepted.length + rejected.length).toBeGreaterThanOrEqual(50);
  });

  it.each(accepted)('accepts %s', (_name, raw, email) => {
    const result = normaliseEmail(raw);
    expect(result).toEqual({ ok: true, email, domain: email.slice(email.lastIndexOf('@') + 1) });
  });

  it.each(rejected)('rejects %s', (_name, raw, reason) => {
    const result = normaliseEmail(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });

  it('gives the same identity for every spelling of one mailbox', () => {
    const spellings = [' Ann@Bücher.de ', 'ann@xn--bcher-kva.de', 'ANN@BÜCHER.DE.', '"ann"@bücher.de', '\u00A0ann@bücher.de'];
    const identities = new Set(spellings.map((s) => (normaliseEmail(s) as { email: string }).email));
    expect([...identities]).toEqual(['ann@xn--bcher-kva.de']);
  });

  it('keeps plus addresses and dots distinct identities', () => {
    const ids = ['ann@example.com', 'ann+x@example.com', 'a.nn@example.com'].map((s) => (normaliseEmail(s) as { email: string }).email);
    expect(new Set(ids).size).toBe(3);
  });
});
