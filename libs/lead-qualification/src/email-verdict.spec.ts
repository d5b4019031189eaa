import { emailListSizes } from './email-lists.js';
import { classifyEmail, type DomainFacts, type EmailReasonCode, type EmailVerdict } from './email-verdict.js';

// The verdict table. Every row must match exactly (verdict, normalised form, reason codes).
const MX: DomainFacts = { mx: 'found' };
const local64 = 'a'.repeat(64);
const local65 = 'a'.repeat(65);
const domain189 = `${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.com`; // 189 characters: 64 + 1 + 189 = 254
const domain190 = `${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(58)}.com`; // 255 characters in all

type Row = [name: string, email: string, facts: DomainFacts, verdict: EmailVerdict, normalised: string | undefined, codes: EmailReasonCode[]];

const table: Row[] = [
  // Plain, case and whitespace
  ['plain company address', 'ann@acme-robotics.io', MX, 'valid', 'ann@acme-robotics.io', []],
  ['upper-case domain', 'ann@ACME-ROBOTICS.IO', MX, 'valid', 'ann@acme-robotics.io', []],
  ['upper-case local part is folded', 'Ann.Lee@Acme-Robotics.io', MX, 'valid', 'ann.lee@acme-robotics.io', []],
  ['leading and trailing spaces', '  ann@acme.io  ', MX, 'valid', 'ann@acme.io', []],
  ['NBSP around', '\u00A0ann@acme.io\u00A0', MX, 'valid', 'ann@acme.io', []],
  ['zero-width space at the edge', '\u200Bann@acme.io', MX, 'valid', 'ann@acme.io', []],
  ['plus addressing kept', 'ann+crm@acme.io', MX, 'valid', 'ann+crm@acme.io', []],
  ['plus addressing, upper case', 'Ann+Leads@ACME.io', MX, 'valid', 'ann+leads@acme.io', []],
  ['dots in a Gmail local part are not collapsed', 'first.last@gmail.com', MX, 'risky', 'first.last@gmail.com', ['free-mail']],
  ['trailing dot in the domain', 'ann@acme.io.', MX, 'valid', 'ann@acme.io', []],
  ['apostrophe', "o'brien@acme.ie", MX, 'valid', "o'brien@acme.ie", []],
  ['subdomain of a company', 'ann@mail.eu.acme.co.uk', MX, 'valid', 'ann@mail.eu.acme.co.uk', []],
  // Lengths
  ['64-octet local part', `${local64}@acme.io`, MX, 'valid', `${local64}@acme.io`, []],
  ['65-octet local part', `${local65}@acme.io`, MX, 'invalid', undefined, ['syntax']],
  ['254-character address', `${local64}@${domain189}`, MX, 'valid', `${local64}@${domain189}`, []],
  ['255-character address', `${local64}@${domain190}`, MX, 'invalid', undefined, ['syntax']],
  ['string over 1 KB', `${'x'.repeat(1100)}@acme.io`, MX, 'invalid', undefined, ['syntax']],
  ['33 two-byte characters exceed 64 octets', `${'é'.repeat(33)}@acme.io`, MX, 'invalid', undefined, ['syntax']],
  // IDN and Unicode
  ['IDN in Unicode', 'ann@bücher.de', MX, 'valid', 'ann@xn--bcher-kva.de', []],
  ['IDN in punycode', 'ann@xn--bcher-kva.de', MX, 'valid', 'ann@xn--bcher-kva.de', []],
  ['IDN in upper case', 'ann@BÜCHER.DE', MX, 'valid', 'ann@xn--bcher-kva.de', []],
  ['Cyrillic IDN with a Cyrillic TLD', 'ann@пример.рф', MX, 'valid', 'ann@xn--e1afmkfd.xn--p1ai', []],
  ['full-width domain (UTS 46)', 'ann@ａｃｍｅ.io', MX, 'valid', 'ann@acme.io', []],
  ['Unicode local part (SMTPUTF8)', 'josé@acme.io', MX, 'risky', 'josé@acme.io', ['unicode-local-part']],
  ['decomposed Unicode local part is composed', 'jose\u0301@acme.io', MX, 'risky', 'josé@acme.io', ['unicode-local-part']],
  ['all-Cyrillic local part', 'иван@acme.io', MX, 'risky', 'иван@acme.io', ['unicode-local-part']],
  // Homoglyphs
  ['homoglyph: Cyrillic а in a Latin local part', 'j\u0430ne@acme.io', MX, 'risky', 'j\u0430ne@acme.io', ['mixed-script-local-part']],
  ['homoglyph: Greek ο in a Latin local part', 'b\u03BFb@acme.io', MX, 'risky', 'b\u03BFb@acme.io', ['mixed-script-local-part']],
  ['homoglyph: Cyrillic а in a Latin domain label', 'ann@\u0430cme.io', MX, 'invalid', undefined, ['syntax']],
  ['homoglyph: mixed-script punycode label', 'ann@xn--cme-8cd.io', MX, 'invalid', undefined, ['syntax']],
  // Quoted local parts
  ['quoted local part that needs no quotes', '"ann"@acme.io', MX, 'valid', 'ann@acme.io', []],
  ['quoted local part with a space', '"ann lee"@acme.io', MX, 'risky', '"ann lee"@acme.io', ['quoted-local-part']],
  ['OWASP: quoted single space', '" "@example.org', MX, 'risky', '" "@example.org', ['quoted-local-part']],
  ['OWASP: quoted markup', '"><script>alert(1);</script>"@example.org', MX, 'risky', '"><script>alert(1);</script>"@example.org', ['quoted-local-part']],
  ['quoted @ in the local part', '"ann@home"@acme.io', MX, 'risky', '"ann@home"@acme.io', ['quoted-local-part']],
  ['unclosed quote', '"ann@acme.io', MX, 'invalid', undefined, ['syntax']],
  // Broken syntax
  ['empty', '', MX, 'invalid', undefined, ['syntax']],
  ['only whitespace', ' \t ', MX, 'invalid', undefined, ['syntax']],
  ['no @', 'ann.acme.io', MX, 'invalid', undefined, ['syntax']],
  ['two @', 'ann@@acme.io', MX, 'invalid', undefined, ['syntax']],
  ['two addresses in one field', 'ann@acme.io,bob@acme.io', MX, 'invalid', undefined, ['syntax']],
  ['no TLD', 'ann@acme', MX, 'invalid', undefined, ['syntax']],
  ['localhost', 'root@localhost', MX, 'invalid', undefined, ['syntax']],
  ['leading dot in the local part', '.ann@acme.io', MX, 'invalid', undefined, ['syntax']],
  ['trailing dot in the local part', 'ann.@acme.io', MX, 'invalid', undefined, ['syntax']],
  ['consecutive dots in the local part', 'ann..lee@acme.io', MX, 'invalid', undefined, ['syntax']],
  ['two trailing dots in the domain', 'ann@acme.io..', MX, 'invalid', undefined, ['syntax']],
  ['IPv4 literal', 'ann@[192.0.2.1]', MX, 'invalid', undefined, ['syntax']],
  ['OWASP: IPv6 literal (valid RFC syntax, not a prospect)', 'ann@[IPv6:2001:db8::1]', MX, 'invalid', undefined, ['syntax']],
  ['bare IP address as domain', 'ann@192.0.2.1', MX, 'invalid', undefined, ['syntax']],
  ['space inside the local part', 'ann lee@acme.io', MX, 'invalid', undefined, ['syntax']],
  ['underscore in the domain', 'ann@ac_me.io', MX, 'invalid', undefined, ['syntax']],
  ['CR/LF header injection', 'ann@acme.io\r\nBcc: all@victim.test', MX, 'invalid', undefined, ['syntax']],
  ['LF inside the address', 'ann\n@acme.io', MX, 'invalid', undefined, ['syntax']],
  ['NUL byte', 'ann\u0000@acme.io', MX, 'invalid', undefined, ['syntax']],
  ['zero-width joiner inside', 'an\u200Dn@acme.io', MX, 'invalid', undefined, ['syntax']],
  ['right-to-left override inside', 'ann\u202E@acme.io', MX, 'invalid', undefined, ['syntax']],
  // Role accounts
  ['role: info@', 'info@acme.io', MX, 'risky', 'info@acme.io', ['role-account']],
  ['role: sales@', 'Sales@Acme.io', MX, 'risky', 'sales@acme.io', ['role-account']],
  ['role: support@', 'support@acme.io', MX, 'risky', 'support@acme.io', ['role-account']],
  ['role: postmaster@', 'postmaster@acme.io', MX, 'risky', 'postmaster@acme.io', ['role-account']],
  ['role: noreply@', 'noreply@acme.io', MX, 'risky', 'noreply@acme.io', ['role-account']],
  ['role: no-reply@', 'no-reply@acme.io', MX, 'risky', 'no-reply@acme.io', ['role-account']],
  ['role with a plus tag', 'info+leads@acme.io', MX, 'risky', 'info+leads@acme.io', ['role-account']],
  ['role with a team suffix', 'sales.emea@acme.io', MX, 'risky', 'sales.emea@acme.io', ['role-account']],
  ['quoted role', '"info"@acme.io', MX, 'risky', 'info@acme.io', ['role-account']],
  ['person whose name starts like a role word', 'salesforce.admin.ann@acme.io', MX, 'valid', 'salesforce.admin.ann@acme.io', []],
  ['short role word as prefix is a person', 'it.jones@acme.io', MX, 'valid', 'it.jones@acme.io', []],
  ['person named Info… (not a role)', 'infoanna@acme.io', MX, 'valid', 'infoanna@acme.io', []],
  // Disposable
  ['disposable: mailinator', 'someone@mailinator.com', MX, 'invalid', 'someone@mailinator.com', ['disposable-domain']],
  ['disposable: upper case', 'Someone@YOPMAIL.COM', MX, 'invalid', 'someone@yopmail.com', ['disposable-domain']],
  ['disposable: guerrillamail', 'x@guerrillamail.com', MX, 'invalid', 'x@guerrillamail.com', ['disposable-domain']],
  ['disposable: subdomain counts', 'x@inbox.mailinator.com', MX, 'invalid', 'x@inbox.mailinator.com', ['disposable-domain']],
  ['disposable: deep subdomain counts', 'x@a.b.10minutemail.com', MX, 'invalid', 'x@a.b.10minutemail.com', ['disposable-domain']],
  ['disposable and role: one invalid wins', 'info@mailinator.com', MX, 'invalid', 'info@mailinator.com', ['disposable-domain', 'role-account']],
  ['forwarding service is not disposable (it is free mail)', 'me@33mail.com', MX, 'risky', 'me@33mail.com', ['free-mail']],
  ['look-alike of a disposable domain is not disposable', 'x@mailinator.company', MX, 'valid', 'x@mailinator.company', []],
  // Free mail
  ['free mail: gmail', 'ann.lee@gmail.com', MX, 'risky', 'ann.lee@gmail.com', ['free-mail']],
  ['free mail: outlook', 'ann@outlook.com', MX, 'risky', 'ann@outlook.com', ['free-mail']],
  ['free mail: web.de', 'ann@web.de', MX, 'risky', 'ann@web.de', ['free-mail']],
  ['free mail: yandex', 'ann@yandex.ru', MX, 'risky', 'ann@yandex.ru', ['free-mail']],
  ['free mail: proton', 'ann@proton.me', MX, 'risky', 'ann@proton.me', ['free-mail']],
  ['free mail: fastmail (list supplement)', 'ann@fastmail.com', MX, 'risky', 'ann@fastmail.com', ['free-mail']],
  ['RFC 2606 example.com is not free mail', 'ann@example.com', MX, 'valid', 'ann@example.com', []],
  ['free mail role account', 'info@gmail.com', MX, 'risky', 'info@gmail.com', ['role-account', 'free-mail']],
  // DNS facts
  ['MX found', 'ann@acme.io', { mx: 'found' }, 'valid', 'ann@acme.io', []],
  ['no MX but an A record', 'ann@acme.io', { mx: 'a-fallback' }, 'valid', 'ann@acme.io', ['a-record-fallback']],
  ['no MX and no A (or null MX)', 'ann@acme.io', { mx: 'none' }, 'invalid', 'ann@acme.io', ['no-mail-host']],
  ['NXDOMAIN', 'ann@no-such-company.io', { mx: 'nxdomain' }, 'invalid', 'ann@no-such-company.io', ['domain-not-found']],
  ['DNS timeout is risky, never invalid', 'ann@acme.io', { mx: 'timeout' }, 'risky', 'ann@acme.io', ['dns-timeout']],
  ['DNS SERVFAIL / refused is risky, never invalid', 'ann@acme.io', { mx: 'error' }, 'risky', 'ann@acme.io', ['dns-error']],
  ['unknown DNS status from stale data counts as an error', 'ann@acme.io', { mx: 'weird' as never }, 'risky', 'ann@acme.io', ['dns-error']],
  ['prototype name as DNS status counts as an error', 'ann@acme.io', { mx: 'constructor' as never }, 'risky', 'ann@acme.io', ['dns-error']],
  ['catch-all domain', 'ann@acme.io', { mx: 'found', catchAll: true }, 'risky', 'ann@acme.io', ['catch-all']],
  ['catch-all known false', 'ann@acme.io', { mx: 'found', catchAll: false }, 'valid', 'ann@acme.io', []],
  ['timeout on a role account stays risky', 'sales@acme.io', { mx: 'timeout' }, 'risky', 'sales@acme.io', ['dns-timeout', 'role-account']],
  ['NXDOMAIN beats a role account', 'sales@gone.io', { mx: 'nxdomain' }, 'invalid', 'sales@gone.io', ['domain-not-found', 'role-account']],
  ['no MX on free mail is still invalid', 'ann@gmail.com', { mx: 'none' }, 'invalid', 'ann@gmail.com', ['no-mail-host', 'free-mail']],
  ['syntax errors ignore the DNS facts', 'ann@@acme.io', { mx: 'timeout' }, 'invalid', undefined, ['syntax']],
  ['IDN with A fallback', 'ann@bücher.de', { mx: 'a-fallback' }, 'valid', 'ann@xn--bcher-kva.de', ['a-record-fallback']],
];

describe('classifyEmail verdict table', () => {
  it('has at least 60 rows and unique names', () => {
    expect(table.length).toBeGreaterThanOrEqual(60);
    expect(new Set(table.map((r) => r[0])).size).toBe(table.length);
  });

  it.each(table)('%s', (_name, email, facts, verdict, normalised, codes) => {
    const result = classifyEmail(email, facts);
    expect({ verdict: result.verdict, normalised: result.normalised, codes: result.reasons.map((r) => r.code) }).toEqual({ verdict, normalised, codes });
  });
});

describe('classifyEmail details', () => {
  it('loaded the package lists', () => {
    const sizes = emailListSizes();
    expect(sizes.disposable).toBeGreaterThan(5000);
    expect(sizes.freeMail).toBeGreaterThan(5000);
    expect(sizes.role).toBeGreaterThan(50);
  });

  it('sets flags', () => {
    expect(classifyEmail('info@gmail.com', { mx: 'found', catchAll: true }).flags).toEqual({ role: true, disposable: false, freeMail: true, catchAll: true });
    expect(classifyEmail('x@mailinator.com', MX).flags).toEqual({ role: false, disposable: true, freeMail: false, catchAll: false });
    expect(classifyEmail('bad', MX).flags).toEqual({ role: false, disposable: false, freeMail: false, catchAll: false });
  });

  it('returns the domain in ASCII', () => {
    expect(classifyEmail('ann@BÜCHER.de', MX).domain).toBe('xn--bcher-kva.de');
    expect(classifyEmail('bad', MX).domain).toBeUndefined();
  });

  it('free mail only flags under the "flag" policy', () => {
    const result = classifyEmail('ann@gmail.com', MX, { freeMail: 'flag' });
    expect(result.verdict).toBe('valid');
    expect(result.flags.freeMail).toBe(true);
    expect(result.reasons).toEqual([expect.objectContaining({ code: 'free-mail', effect: 'info' })]);
    expect(classifyEmail('ann@gmail.com', { mx: 'timeout' }, { freeMail: 'flag' }).verdict).toBe('risky');
  });

  it('names the syntax problem', () => {
    expect(classifyEmail('ann@@acme.io', MX).reasons).toEqual([{ code: 'syntax', message: expect.stringContaining('more than one @'), effect: 'invalid' }]);
  });

  it('never returns invalid for a timeout or an error on a well-formed, non-disposable address', () => {
    for (const email of ['ann@acme.io', 'info@gmail.com', '"a b"@acme.io', 'josé@bücher.de']) {
      for (const mx of ['timeout', 'error'] as const) expect(classifyEmail(email, { mx, catchAll: true }).verdict).toBe('risky');
    }
  });
});
