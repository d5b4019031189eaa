import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { HarvestError } from '../harvest-errors.js';

export interface WebForm {
  formId: string;
  campaignId: string;
  /** Present when posts must carry an HMAC-SHA256 signature of their raw body made with it. */
  signingSecret: string | null;
  createdAt: string;
}

interface FormRow {
  id: string;
  campaign_id: string;
  signing_secret: string | null;
  created_at: Date;
}

const FORM_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The public web forms: each has its own id, belongs to one campaign and may require signed posts. */
@Injectable()
export class FormsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async create(campaignId: string, signed: boolean): Promise<WebForm> {
    // The secret has to be kept as given: checking an HMAC needs the key itself, not a hash of it.
    const secret = signed ? randomBytes(32).toString('base64url') : null;
    const [row]: FormRow[] = await this.db.query(`INSERT INTO harvest.forms (campaign_id, signing_secret) VALUES ($1, $2) RETURNING *`, [campaignId, secret]);
    return view(row!);
  }

  async get(formId: string): Promise<WebForm> {
    const [row]: FormRow[] = FORM_ID.test(formId) ? await this.db.query(`SELECT * FROM harvest.forms WHERE id = $1`, [formId]) : [];
    if (!row) throw new HarvestError('form_not_found', `no web form ${formId}`);
    return view(row);
  }
}

function view(r: FormRow): WebForm {
  return { formId: r.id, campaignId: r.campaign_id, signingSecret: r.signing_secret, createdAt: r.created_at.toISOString() };
}
