import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { DataSource } from 'typeorm';
import { RuleSetError, assertRuleSetCampaign } from './rule-set-error.js';

/** What each stage's pure validator returns: the parsed rule set, or every problem naming the rule and field. */
export type RuleSetValidation<T> =
  | { ok: true; ruleSet: T }
  | { ok: false; errors: ReadonlyArray<{ path: string; rule?: string; field?: string; message: string }> };

export interface StoredRuleSet<T> {
  campaignId: string;
  version: number;
  status: 'draft' | 'active' | 'retired';
  note: string | null;
  createdAt: string;
  activatedAt: string | null;
  ruleSet: T;
}

interface Row {
  campaign_id: string;
  version: number;
  status: StoredRuleSet<unknown>['status'];
  note: string | null;
  created_at: Date;
  activated_at: Date | null;
  body: unknown;
}

/**
 * Versioned rule sets of one stage, in that stage's schema. The server assigns versions (the body's own `version`
 * is overwritten), validates on save with errors that name the rule and field, and activates one version at a
 * time. YAML text is accepted as well as JSON.
 */
export class RuleSetStore<T> {
  constructor(
    private readonly db: DataSource,
    private readonly schema: string,
    private readonly validator: (input: unknown) => RuleSetValidation<T>,
  ) {}

  /** Validate without saving; the version is a placeholder. */
  validate(input: unknown): T {
    return this.check(this.withVersion(this.parse(input), 1));
  }

  async create(campaignId: string, input: unknown, note?: string): Promise<StoredRuleSet<T>> {
    assertRuleSetCampaign(campaignId);
    const parsed = this.parse(input);
    // Validate before taking a version, so a refused body never burns one.
    this.check(this.withVersion(parsed, 1));
    return this.db.transaction(async (m) => {
      // Serialise version numbering per campaign.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${this.schema}.rule_sets:${campaignId}`]);
      const [{ next }] = await m.query(`SELECT coalesce(max(version), 0) + 1 AS next FROM ${this.schema}.rule_sets WHERE campaign_id = $1`, [campaignId]);
      const ruleSet = this.check(this.withVersion(parsed, next));
      const [row] = await m.query(
        `INSERT INTO ${this.schema}.rule_sets (campaign_id, version, body, status, note) VALUES ($1, $2, $3, 'draft', $4) RETURNING *`,
        [campaignId, next, JSON.stringify(ruleSet), note?.slice(0, 500) ?? null],
      );
      return this.toStored(row);
    });
  }

  async list(campaignId: string): Promise<Array<Omit<StoredRuleSet<T>, 'ruleSet'>>> {
    assertRuleSetCampaign(campaignId);
    const rows: Row[] = await this.db.query(`SELECT campaign_id, version, status, note, created_at, activated_at, NULL AS body FROM ${this.schema}.rule_sets WHERE campaign_id = $1 ORDER BY version DESC`, [campaignId]);
    return rows.map((r) => {
      const { ruleSet: _omit, ...rest } = this.toStored(r);
      return rest;
    });
  }

  async get(campaignId: string, version: number): Promise<StoredRuleSet<T>> {
    assertRuleSetCampaign(campaignId);
    const [row]: Row[] = await this.db.query(`SELECT * FROM ${this.schema}.rule_sets WHERE campaign_id = $1 AND version = $2`, [campaignId, version]);
    if (!row) throw new RuleSetError('rule_set_not_found', `campaign ${campaignId} has no ${this.schema} rule set version ${version}`);
    return this.toStored(row);
  }

  async active(campaignId: string): Promise<StoredRuleSet<T> | null> {
    const [row]: Row[] = await this.db.query(`SELECT * FROM ${this.schema}.rule_sets WHERE campaign_id = $1 AND status = 'active'`, [campaignId]);
    return row ? this.toStored(row) : null;
  }

  async activate(campaignId: string, version: number): Promise<StoredRuleSet<T>> {
    await this.get(campaignId, version);
    return this.db.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${this.schema}.rule_sets:${campaignId}`]);
      await m.query(`UPDATE ${this.schema}.rule_sets SET status = 'retired' WHERE campaign_id = $1 AND status = 'active' AND version <> $2`, [campaignId, version]);
      const [rows] = await m.query(
        `UPDATE ${this.schema}.rule_sets SET status = 'active', activated_at = coalesce(activated_at, now()) WHERE campaign_id = $1 AND version = $2 RETURNING *`,
        [campaignId, version],
      );
      return this.toStored(rows[0]);
    });
  }

  /** Seeds a campaign's first rule set (the demo, a new campaign) once: a no-op if it has any version. */
  async seed(campaignId: string, input: unknown, note: string): Promise<void> {
    const [{ count }] = await this.db.query(`SELECT count(*)::int AS count FROM ${this.schema}.rule_sets WHERE campaign_id = $1`, [campaignId]);
    if (count > 0) return;
    const created = await this.create(campaignId, input, note);
    await this.activate(campaignId, created.version);
  }

  private parse(input: unknown): unknown {
    if (typeof input !== 'string') return input;
    try {
      return parseYaml(input, { maxAliasCount: 50, uniqueKeys: true });
    } catch (err) {
      const at = err instanceof YAMLParseError && err.linePos ? ` at line ${err.linePos[0].line}, column ${err.linePos[0].col}` : '';
      throw new RuleSetError('invalid_rule_set', `rule set is not valid YAML or JSON${at}`, [{ field: '(body)', line: err instanceof YAMLParseError ? err.linePos?.[0].line : undefined, message: (err as Error).message.split('\n')[0] }]);
    }
  }

  private withVersion(input: unknown, version: number): unknown {
    return input && typeof input === 'object' && !Array.isArray(input) ? { ...(input as object), version } : input;
  }

  private check(input: unknown): T {
    const result = this.validator(input);
    if (result.ok) return result.ruleSet;
    throw new RuleSetError(
      'invalid_rule_set',
      `rule set refused: ${result.errors.length} problem${result.errors.length === 1 ? '' : 's'}`,
      result.errors.map((e) => ({ field: e.path, message: `${e.rule ? `rule ${e.rule}: ` : ''}${e.field && !e.path.endsWith(e.field) ? `${e.field}: ` : ''}${e.message}` })),
    );
  }

  private toStored(row: Row): StoredRuleSet<T> {
    return {
      campaignId: row.campaign_id,
      version: row.version,
      status: row.status,
      note: row.note,
      createdAt: new Date(row.created_at).toISOString(),
      activatedAt: row.activated_at ? new Date(row.activated_at).toISOString() : null,
      ruleSet: row.body as T,
    };
  }
}
