import { normaliseSuppression } from './suppression-value.js';

describe('normaliseSuppression', () => {
  it('stores an address in its lead identity form', () => {
    expect(normaliseSuppression('address', '  Ann.Lee@Example.COM ')).toEqual({ ok: true, kind: 'address', value: 'ann.lee@example.com' });
  });

  it('lower-cases a domain and converts it to punycode, dropping a leading @ and a trailing dot', () => {
    expect(normaliseSuppression('domain', 'Bücher.DE')).toEqual({ ok: true, kind: 'domain', value: 'xn--bcher-kva.de' });
    expect(normaliseSuppression('domain', '@competitor.example.')).toEqual({ ok: true, kind: 'domain', value: 'competitor.example' });
  });

  it('refuses bad values naming the field', () => {
    expect(normaliseSuppression('person', 'a@b.de')).toMatchObject({ ok: false, field: 'kind' });
    expect(normaliseSuppression('address', 'not-an-address')).toMatchObject({ ok: false, field: 'value' });
    expect(normaliseSuppression('address', 42)).toMatchObject({ ok: false, field: 'value' });
    expect(normaliseSuppression('domain', 'ann@example.com')).toMatchObject({ ok: false, field: 'value', message: expect.stringContaining('kind "address"') });
    expect(normaliseSuppression('domain', 'localhost')).toMatchObject({ ok: false, field: 'value', message: expect.stringContaining('top-level domain') });
    expect(normaliseSuppression('domain', '')).toMatchObject({ ok: false, field: 'value' });
  });
});
