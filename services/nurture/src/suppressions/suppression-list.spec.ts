import { suppressionMatches } from './suppression-list.js';

describe('suppressionMatches', () => {
  it('names each email hit by its address, its domain or both, once', () => {
    const listed = [
      { kind: 'address' as const, value: 'ann@a.example' },
      { kind: 'domain' as const, value: 'a.example' },
      { kind: 'domain' as const, value: 'xn--bcher-kva.de' },
    ];
    expect(suppressionMatches(['ann@a.example', 'bob@a.example', 'cid@xn--bcher-kva.de', 'dee@d.example', 'ann@a.example'], listed)).toEqual({
      suppressed: ['ann@a.example', 'bob@a.example', 'cid@xn--bcher-kva.de'],
      matches: [
        { email: 'ann@a.example', address: true, domain: true },
        { email: 'bob@a.example', address: false, domain: true },
        { email: 'cid@xn--bcher-kva.de', address: false, domain: true },
      ],
    });
  });

  it('does not take a listed domain for a subdomain, nor an address for its domain', () => {
    expect(suppressionMatches(['eve@mail.a.example', 'a.example@b.example'], [{ kind: 'domain', value: 'a.example' }]).suppressed).toEqual([]);
  });
});
