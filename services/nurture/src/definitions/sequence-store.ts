import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { SequenceStep, StoredSequence } from '#libs/contracts';
import { NurtureError } from '../nurture-errors.js';
import { defaultBusinessDays, type SequenceBody } from './definition-schemas.js';
import { latestVersion, lockDefinition } from './versioned-rows.js';

interface SequenceRow {
  campaign_id: string;
  id: string;
  version: number;
  name: string;
  steps: SequenceStep[];
  created_at: Date;
}

export function sequenceView(r: SequenceRow): StoredSequence {
  return { campaignId: r.campaign_id, id: r.id, version: r.version, name: r.name, steps: r.steps, createdAt: r.created_at.toISOString() };
}

/** Fills in each step's business days (the default cadence) so a stored version says exactly what it does. */
export function normaliseSteps(steps: SequenceBody['steps']): SequenceStep[] {
  let previous = -1;
  return steps.map((s, i) => {
    const businessDays = s.businessDays ?? defaultBusinessDays(i, previous);
    previous = businessDays;
    return { businessDays, variants: s.variants.map((v) => ({ id: v.id, templateId: v.templateId, weight: v.weight })), ...(s.newThread ? { newThread: true } : {}) };
  });
}

/** A campaign's sequences, versioned; a sequence naming a template the campaign does not have is refused. */
@Injectable()
export class SequenceStore {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The latest version of each sequence of the campaign. */
  async list(campaignId: string): Promise<StoredSequence[]> {
    const rows: SequenceRow[] = await this.db.query(
      `SELECT DISTINCT ON (id) * FROM nurture.sequences WHERE campaign_id = $1 ORDER BY id, version DESC`,
      [campaignId],
    );
    return rows.map(sequenceView);
  }

  async get(campaignId: string, id: string, version: number | null): Promise<StoredSequence> {
    const found = await this.find(this.db.manager, campaignId, id, version);
    if (!found) {
      const which = version === null ? `sequence ${id}` : `version ${version} of sequence ${id}`;
      throw new NurtureError('sequence_not_found', `campaign ${campaignId} has no ${which}`, [{ field: version === null ? 'sequenceId' : 'version', message: `no ${which}` }]);
    }
    return found;
  }

  async find(m: EntityManager, campaignId: string, id: string, version: number | null): Promise<StoredSequence | null> {
    const [row]: SequenceRow[] = await m.query(
      `SELECT * FROM nurture.sequences WHERE campaign_id = $1 AND id = $2 AND ($3::int IS NULL OR version = $3) ORDER BY version DESC LIMIT 1`,
      [campaignId, id, version],
    );
    return row ? sequenceView(row) : null;
  }

  /** POST: version 1 of a new sequence; an id the campaign already has is a conflict (PUT changes it). */
  async create(campaignId: string, body: SequenceBody & { id: string }): Promise<StoredSequence> {
    return this.save(campaignId, body.id, body, 'create');
  }

  /** PUT: version n+1 (version 1 when the sequence is new). */
  async update(campaignId: string, id: string, body: SequenceBody): Promise<StoredSequence> {
    if (body.id !== undefined && body.id !== id) {
      throw new NurtureError('invalid_sequence', 'the body names another sequence than the path', [{ field: 'id', message: `id must be ${id} (the path's) or left out` }]);
    }
    return this.save(campaignId, id, body, 'update');
  }

  private async save(campaignId: string, id: string, body: SequenceBody, mode: 'create' | 'update'): Promise<StoredSequence> {
    const steps = normaliseSteps(body.steps);
    return this.db.transaction(async (m) => {
      await lockDefinition(m, 'sequences', campaignId, id);
      const latest = await latestVersion(m, 'sequences', campaignId, id);
      if (mode === 'create' && latest !== null) {
        throw new NurtureError('id_conflict', `campaign ${campaignId} already has sequence ${id}; PUT it to make a new version`, [{ field: 'id', message: `sequence ${id} exists` }]);
      }
      await this.refuseMissingTemplates(m, campaignId, steps);
      const [row]: SequenceRow[] = await m.query(
        `INSERT INTO nurture.sequences (campaign_id, id, version, name, steps) VALUES ($1, $2, $3, $4, $5::jsonb) RETURNING *`,
        [campaignId, id, (latest ?? 0) + 1, body.name.trim(), JSON.stringify(steps)],
      );
      return sequenceView(row!);
    });
  }

  private async refuseMissingTemplates(m: EntityManager, campaignId: string, steps: SequenceStep[]): Promise<void> {
    const wanted = [...new Set(steps.flatMap((s) => s.variants.map((v) => v.templateId)))];
    const rows: Array<{ id: string }> = await m.query(`SELECT DISTINCT id FROM nurture.templates WHERE campaign_id = $1 AND id = ANY($2::text[])`, [campaignId, wanted]);
    const have = new Set(rows.map((r) => r.id));
    const problems = steps.flatMap((s, i) =>
      s.variants.flatMap((v, j) => {
        const field = `steps[${i}].variants[${j}].templateId`;
        return have.has(v.templateId) ? [] : [{ field, message: `${field} names template ${v.templateId}, which campaign ${campaignId} does not have` }];
      }),
    );
    if (problems.length > 0) throw new NurtureError('invalid_sequence', 'the sequence names templates the campaign does not have', problems);
  }
}
