import type { OnApplicationBootstrap } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { createLogger, type Logger } from '#libs/logging';
import { parseRuleSetText, type RuleSetSource, type RuleSetValidator } from '#libs/rule-set-kit';
import { RuleSetError, assertRuleSetCampaign, refusedRuleSet } from './rule-set-error.js';
import { findRefusedVersions, type RefusedVersion } from './refused-versions.js';

export type { RuleSetValidation } from '#libs/rule-set-kit';

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
 * is overwritten), validates on save with errors that name the rule and field (and the line and column when the
 * body is JSON or YAML text), and activates one version at a time.
 *
 * Saved versions are never rewritten. When the service starts, versions today's validator would refuse (saved
 * under older, looser rules) are logged as warnings; they keep working until a corrected version is activated.
 */
export class RuleSetStore<T> implements OnApplicationBootstrap {
  constructor(
    private readonly db: DataSource,
    private readonly schema: string,
    private readonly validator: RuleSetValidator<T>,
    private readonly log: Logger = createLogger(schema),
  ) {}

  /** Nest calls this once the app is built: the startup check of stored versions. It never stops the service. */
  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.warnAboutRefusedVersions();
    } catch (err) {
      this.log.warn({ kind: this.schema, err: String(err) }, 'could not check stored rule sets against today\'s validator');
    }
  }

  /** Every stored version today's validator would refuse, each logged as a warning naming it and its problems. */
  async warnAboutRefusedVersions(): Promise<RefusedVersion[]> {
    const refused = await findRefusedVersions(this.db, this.schema, (body, version) => this.validator(this.withVersion(body, version)));
    for (const r of refused) {
      this.log.warn(
        { campaignId: r.campaignId, kind: this.schema, version: r.version, status: r.status, problems: r.problems, problemCount: r.problemCount },
        'stored rule set would be refused by today\'s validator; it keeps working as saved, save and activate a corrected version',
      );
    }
    return refused;
  }

  /** Validate without saving; the version is a placeholder. */
  validate(input: unknown): T {
    const { value, source } = this.parse(input);
    return this.check(this.withVersion(value, 1), source);
  }

  async create(campaignId: string, input: unknown, note?: string): Promise<StoredRuleSet<T>> {
    assertRuleSetCampaign(campaignId);
    const { value: parsed, source } = this.parse(input);
    // Validate before taking a version, so a refused body never burns one.
    this.check(this.withVersion(parsed, 1), source);
    return this.db.transaction(async (m) => {
      // Serialise version numbering per campaign.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${this.schema}.rule_sets:${campaignId}`]);
      const [{ next }] = await m.query(`SELECT coalesce(max(version), 0) + 1 AS next FROM ${this.schema}.rule_sets WHERE campaign_id = $1`, [campaignId]);
      const ruleSet = this.check(this.withVersion(parsed, next), source);
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

  /** JSON arrives parsed; YAML (or JSON sent as text) is parsed here and kept, so errors can say line and column. */
  private parse(input: unknown): { value: unknown; source?: RuleSetSource } {
    if (typeof input !== 'string') return { value: input };
    const parsed = parseRuleSetText(input);
    if (!parsed.ok) throw refusedRuleSet('rule set is not valid YAML or JSON', parsed.errors);
    return parsed;
  }

  private withVersion(input: unknown, version: number): unknown {
    return input && typeof input === 'object' && !Array.isArray(input) ? { ...(input as object), version } : input;
  }

  private check(input: unknown, source?: RuleSetSource): T {
    const result = this.validator(input, { source });
    if (result.ok) return result.ruleSet;
    throw refusedRuleSet(`rule set refused: ${result.errors.length} problem${result.errors.length === 1 ? '' : 's'}`, result.errors);
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
