/**
 * The versioned rule-set table every judging stage owns in its own schema. Versions only ever grow; at most one
 * version per campaign is active; an activated version is never edited, so any stored result can name the exact
 * rules that produced it.
 */
export function ruleSetTableSql(schema: string): string[] {
  return [
    `CREATE TABLE ${schema}.rule_sets (
      campaign_id text NOT NULL,
      version integer NOT NULL CHECK (version >= 1),
      body jsonb NOT NULL,
      status text NOT NULL CHECK (status IN ('draft', 'active', 'retired')),
      note text,
      created_at timestamptz NOT NULL DEFAULT now(),
      activated_at timestamptz,
      PRIMARY KEY (campaign_id, version)
    )`,
    `CREATE UNIQUE INDEX rule_sets_one_active ON ${schema}.rule_sets (campaign_id) WHERE status = 'active'`,
  ];
}
