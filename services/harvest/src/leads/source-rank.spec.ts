import type { QueryRunner } from 'typeorm';
import { SOURCE_RANK } from '#libs/lead-intake';
import { HarvestInitial1764057600000 } from '../migrations/1764057600000-harvest-initial.js';
import { mergeStagedLeadsSql } from './lead-merge.sql.js';
import { scalarLeadColumns } from './lead-columns.js';

/** The merge runs in SQL for speed; these keep it saying what libs/lead-intake's merge rules say. */
describe('SQL merge mirrors the lead-intake merge rules', () => {
  it('harvest.source_rank ranks every source exactly as SOURCE_RANK does', async () => {
    const statements: string[] = [];
    await new HarvestInitial1764057600000().up({ query: async (sql: string) => void statements.push(sql) } as unknown as QueryRunner);
    const fn = statements.find((s) => s.includes('FUNCTION harvest.source_rank'))!;
    const ranks = Object.fromEntries([...fn.matchAll(/WHEN '([a-z-]+)' THEN (\d+)/g)].map((m) => [m[1], Number(m[2])]));
    expect(ranks).toEqual(SOURCE_RANK);
  });

  it('applies the precedence rule to every stored scalar field', () => {
    for (const [, column] of scalarLeadColumns) {
      expect(mergeStagedLeadsSql).toContain(`${column} = CASE WHEN (s.${column} IS NOT NULL AND harvest.source_rank($1) >= harvest.source_rank(l.field_sources->>'${column}'))`);
    }
  });
});
