import { companyDomainKey, isCompanyDomain } from './company-domain.js';

describe('companyDomainKey', () => {
  it('gives one spelling per account', () => {
    expect(companyDomainKey(' WWW.Acme.com. ')).toBe('acme.com');
    expect(companyDomainKey('acme.com')).toBe('acme.com');
    expect(companyDomainKey('Bücher.de')).toBe('xn--bcher-kva.de');
    expect(companyDomainKey('xn--bcher-kva.de')).toBe('xn--bcher-kva.de');
  });

  it('is null without a domain', () => {
    expect(companyDomainKey(null)).toBeNull();
    expect(companyDomainKey(undefined)).toBeNull();
    expect(companyDomainKey('  ')).toBeNull();
  });
});

describe('isCompanyDomain', () => {
  it('accepts host names with two or more labels', () => {
    expect(isCompanyDomain('acme.com')).toBe(true);
    expect(isCompanyDomain('eu.acme.co.uk')).toBe(true);
    expect(isCompanyDomain('xn--bcher-kva.de')).toBe(true);
  });

  it('refuses single labels, addresses, bad labels and over-long names', () => {
    expect(isCompanyDomain('localhost')).toBe(false);
    expect(isCompanyDomain('10.0.0.1')).toBe(false);
    expect(isCompanyDomain('-acme.com')).toBe(false);
    expect(isCompanyDomain('ac me.com')).toBe(false);
    expect(isCompanyDomain(`${'a'.repeat(64)}.com`)).toBe(false);
    expect(isCompanyDomain(`${'a.'.repeat(130)}com`)).toBe(false);
  });
});
