import { accountDomainOf } from './account-domain.js';

describe('accountDomainOf', () => {
  it('keys a company address by its domain in one spelling', () => {
    expect(accountDomainOf('Ana@Acme-Corp.COM')).toEqual({ companyDomain: 'acme-corp.com', skipped: null });
    expect(accountDomainOf('ana@www.acme.com.')).toEqual({ companyDomain: 'acme.com', skipped: null });
    expect(accountDomainOf('jo@bücher.de')).toEqual({ companyDomain: 'xn--bcher-kva.de', skipped: null });
  });

  it('never makes an account of a free-mail domain', () => {
    for (const email of ['x@gmail.com', 'x@GMX.de', 'x@outlook.com', 'x@yahoo.co.uk', 'x@fastmail.com']) {
      expect(accountDomainOf(email)).toEqual({ companyDomain: null, skipped: expect.stringMatching(/^free-mail domain /) });
    }
  });

  it('has no account without a usable domain', () => {
    expect(accountDomainOf(null)).toEqual({ companyDomain: null, skipped: 'no address' });
    expect(accountDomainOf('no-at-sign')).toEqual({ companyDomain: null, skipped: 'no address' });
    expect(accountDomainOf('a@localhost')).toEqual({ companyDomain: null, skipped: 'not a company domain' });
    expect(accountDomainOf('a@10.0.0.1')).toEqual({ companyDomain: null, skipped: 'not a company domain' });
  });
});
