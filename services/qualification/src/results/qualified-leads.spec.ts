import { notSuppressed, QualifiedLeads } from './qualified-leads.js';

const candidate = (email: string) => ({ leadId: email, emailVerdict: 'valid' as const, ruleSetVersion: 1, email, domain: email.split('@')[1] ?? null });

describe('QualifiedLeads', () => {
  it('leaves out leads whose address or domain was suppressed since they qualified', () => {
    const items = ['ann@a.example', 'bob@b.example', 'cid@c.example'].map(candidate);
    const kept = notSuppressed(items, { addresses: new Set(['ann@a.example']), domains: new Set(['b.example']) });
    expect(kept.map((i) => i.email)).toEqual(['cid@c.example']);
  });

  it('keeps the cursor of the rows read, asks the list once per page, and fails the page when the list cannot be read', async () => {
    const items = ['ann@a.example', 'bob@b.example'].map(candidate);
    const results = { qualifiedPage: async () => ({ items, next: 'bob@b.example' }) };
    const asked: string[][] = [];
    let down = false;
    const lookup = {
      matching: async (emails: readonly string[]) => {
        asked.push([...emails]);
        if (down) throw new Error('nurture unreachable');
        return { addresses: new Set(['bob@b.example']), domains: new Set<string>() };
      },
    };
    const qualified = new QualifiedLeads(results as never, lookup as never);
    expect(await qualified.page('demo', null, 2)).toEqual({ items: [{ leadId: 'ann@a.example', emailVerdict: 'valid', ruleSetVersion: 1 }], next: 'bob@b.example' });
    expect(asked).toEqual([['ann@a.example', 'bob@b.example']]);
    down = true;
    await expect(qualified.page('demo', null, 2)).rejects.toThrow('nurture unreachable');
  });
});
