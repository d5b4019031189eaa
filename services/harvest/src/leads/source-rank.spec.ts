import type { QueryRunner } from 'typeorm';
import { SOURCE_RANK } from '#libs/lead-intake';
import { harvestMigrations } from '../harvest.schema.js';
import { mergeStagedLeadsSql } from './lead-merge.sql.js';
import { scalarLeadColumns } from './lead-columns.js';

/** The merge runs in SQL for speed; these keep it saying what libs/lead-intake's merge rules say. */
describe('SQL merge mirrors the lead-intake merge rules', () => {
  it('harvest.source_rank, as the latest migration defines it, ranks every source exactly as SOURCE_RANK does', async () => {
    const statements: string[] = [];
    const recorder = { query: async (sql: string) => void statements.push(sql) } as unknown as QueryRunner;
    for (const Migration of harvestMigrations) await new Migration().up(recorder);
    const fn = statements.filter((s) => s.includes('FUNCTION harvest.source_rank')).at(-1)!;
    const ranks = Object.fromEntries([...fn.matchAll(/WHEN '([a-z-]+)' THEN (\d+)/g)].map((m) => [m[1], Number(m[2])]));
    expect(ranks).toEqual(SOURCE_RANK);
  });

  it('applies the precedence rule to every stored scalar field', () => {
    for (const [, column] of scalarLeadColumns) {
      expect(mergeStagedLeadsSql).toContain(
        `${column} = CASE WHEN (s.${column} IS NOT NULL AND (l.${column} IS NULL OR harvest.source_rank($1) >= harvest.source_rank(l.field_sources->>'${column}')))`,
      );
    }
  });

  it('records every scalar field the source offered but did not win, as mergeLead reports them', () => {
    for (const [field, column] of scalarLeadColumns) {
      expect(mergeStagedLeadsSql).toContain(`CASE WHEN s.${column} IS NOT NULL AND l.${column} IS DISTINCT FROM s.${column} THEN '${field}' END`);
    }
    expect(mergeStagedLeadsSql).toContain('refused_fields = EXCLUDED.refused_fields');
  });
});
