import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { StoredTemplate, TemplateDefinition } from '#libs/contracts';
import { NurtureError } from '../nurture-errors.js';
import type { TemplateBody } from './definition-schemas.js';
import { templateProblems } from './template-check.js';
import { latestVersion, lockDefinition } from './versioned-rows.js';

interface TemplateRow {
  campaign_id: string;
  id: string;
  version: number;
  subject: string;
  html: string;
  text: string | null;
  fallbacks: Record<string, string>;
  created_at: Date;
}

export function templateView(r: TemplateRow): StoredTemplate {
  return {
    campaignId: r.campaign_id,
    id: r.id,
    version: r.version,
    subject: r.subject,
    html: r.html,
    text: r.text,
    fallbacks: r.fallbacks,
    createdAt: r.created_at.toISOString(),
  };
}

/** A campaign's templates, versioned; each save compiles in strict mode first (templateProblems). */
@Injectable()
export class TemplateStore {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(campaignId: string): Promise<StoredTemplate[]> {
    const rows: TemplateRow[] = await this.db.query(`SELECT DISTINCT ON (id) * FROM nurture.templates WHERE campaign_id = $1 ORDER BY id, version DESC`, [campaignId]);
    return rows.map(templateView);
  }

  async get(campaignId: string, id: string, version: number | null): Promise<StoredTemplate> {
    const found = await this.find(this.db.manager, campaignId, id, version);
    if (!found) {
      const which = version === null ? `template ${id}` : `version ${version} of template ${id}`;
      throw new NurtureError('template_not_found', `campaign ${campaignId} has no ${which}`, [{ field: version === null ? 'templateId' : 'version', message: `no ${which}` }]);
    }
    return found;
  }

  async find(m: EntityManager, campaignId: string, id: string, version: number | null): Promise<StoredTemplate | null> {
    const [row]: TemplateRow[] = await m.query(
      `SELECT * FROM nurture.templates WHERE campaign_id = $1 AND id = $2 AND ($3::int IS NULL OR version = $3) ORDER BY version DESC LIMIT 1`,
      [campaignId, id, version],
    );
    return row ? templateView(row) : null;
  }

  async create(campaignId: string, body: TemplateBody & { id: string }): Promise<StoredTemplate> {
    return this.save(campaignId, body.id, body, 'create');
  }

  async update(campaignId: string, id: string, body: TemplateBody): Promise<StoredTemplate> {
    if (body.id !== undefined && body.id !== id) {
      throw new NurtureError('invalid_template', 'the body names another template than the path', [{ field: 'id', message: `id must be ${id} (the path's) or left out` }]);
    }
    return this.save(campaignId, id, body, 'update');
  }

  private async save(campaignId: string, id: string, body: TemplateBody, mode: 'create' | 'update'): Promise<StoredTemplate> {
    const definition: TemplateDefinition = { id, subject: body.subject, html: body.html, text: body.text ?? null, fallbacks: body.fallbacks ?? {} };
    const problems = templateProblems(definition);
    if (problems.length > 0) throw new NurtureError('invalid_template', `template ${id} does not compile`, problems);
    return this.db.transaction(async (m) => {
      await lockDefinition(m, 'templates', campaignId, id);
      const latest = await latestVersion(m, 'templates', campaignId, id);
      if (mode === 'create' && latest !== null) {
        throw new NurtureError('id_conflict', `campaign ${campaignId} already has template ${id}; PUT it to make a new version`, [{ field: 'id', message: `template ${id} exists` }]);
      }
      const [row]: TemplateRow[] = await m.query(
        `INSERT INTO nurture.templates (campaign_id, id, version, subject, html, text, fallbacks) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb) RETURNING *`,
        [campaignId, id, (latest ?? 0) + 1, definition.subject, definition.html, definition.text, JSON.stringify(definition.fallbacks)],
      );
      return templateView(row!);
    });
  }
}
