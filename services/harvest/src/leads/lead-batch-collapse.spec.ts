import type { LeadInput } from '#libs/lead-intake';
import { collapseBatch } from './lead-batch-collapse.js';

const row = (line: number, lead: LeadInput) => ({ line, lead });

describe('collapseBatch', () => {
  it('returns the batch itself when every email is distinct', () => {
    const batch = [row(2, { email: 'a@x.example' }), row(3, { email: 'b@x.example' })];
    expect(collapseBatch(batch, 'csv', '2026-11-25T00:00:00Z')).toBe(batch);
  });

  it('merges repeats of one email: later non-empty values win, empty never erases, technologies union, last line kept', () => {
    const batch = [
      row(2, { email: 'ada@x.example', firstName: 'Ada', title: 'CTO', technologies: ['Postgres', 'Go'] }),
      row(3, { email: 'other@x.example' }),
      row(7, { email: 'ada@x.example', title: 'VP Engineering', technologies: ['go', 'Rust'] }),
    ];
    const out = collapseBatch(batch, 'csv', '2026-11-25T00:00:00Z');
    expect(out).toHaveLength(2);
    const ada = out.find((r) => r.lead.email === 'ada@x.example')!;
    expect(ada.line).toBe(7);
    expect(ada.lead).toMatchObject({ firstName: 'Ada', title: 'VP Engineering' });
    expect(ada.lead.technologies).toEqual(['Postgres', 'Go', 'Rust']);
  });
});
