import { LeadIdSource } from './lead-ids.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('LeadIdSource', () => {
  it('makes RFC 9562 version-7 ids carrying the timestamp in the first 48 bits', () => {
    const at = Date.UTC(2026, 10, 25, 12, 0, 0, 123);
    const [id] = new LeadIdSource().next(1, at);
    expect(id).toMatch(UUID_V7);
    expect(parseInt(id!.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
  });

  it('is strictly increasing across calls, within one millisecond and past 4096 ids in it', () => {
    const source = new LeadIdSource();
    const at = Date.UTC(2026, 0, 1);
    const ids = [...source.next(5000, at), ...source.next(10, at), ...source.next(10, at - 5)];
    expect(ids.every((id) => UUID_V7.test(id))).toBe(true);
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
