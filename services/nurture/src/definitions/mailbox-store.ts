import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { MailboxDefinition, MailboxPause } from '#libs/contracts';
import { NurtureError } from '../nurture-errors.js';
import type { MailboxBody } from './definition-schemas.js';

export interface StoredMailbox extends Required<Omit<MailboxDefinition, 'ownerId' | 'warmup'>>, MailboxPause {
  ownerId: string | null;
  warmup: MailboxDefinition['warmup'] | null;
  createdAt: string;
  updatedAt: string;
}

interface MailboxRow {
  id: string;
  address: string;
  display_name: string;
  owner_id: string | null;
  daily_cap: number;
  hourly_cap: number;
  min_spacing_seconds: number;
  warmup_started_on: string | Date | null;
  warmup_start_cap: number | null;
  warmup_daily_increase: number | null;
  active: boolean;
  paused_at: Date | null;
  paused_reason: string | null;
  paused_by: string | null;
  created_at: Date;
  updated_at: Date;
  campaigns: Array<{ campaignId: string; weight: number }> | null;
}

// Dates are selected as text: node-postgres would make a Date at the process's local midnight.
const localDate = (v: string | Date): string => (typeof v === 'string' ? v.slice(0, 10) : v.toISOString().slice(0, 10));

export function mailboxView(r: MailboxRow): StoredMailbox {
  return {
    id: r.id,
    address: r.address,
    displayName: r.display_name,
    ownerId: r.owner_id,
    dailyCap: r.daily_cap,
    hourlyCap: r.hourly_cap,
    minSpacingSeconds: r.min_spacing_seconds,
    warmup: r.warmup_started_on === null ? null : { startedOn: localDate(r.warmup_started_on), startCap: r.warmup_start_cap ?? 0, dailyIncrease: r.warmup_daily_increase ?? 0 },
    active: r.active,
    campaigns: r.campaigns ?? [],
    pausedAt: r.paused_at ? r.paused_at.toISOString() : null,
    pausedReason: r.paused_reason,
    pausedBy: r.paused_by,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

const SELECT = `
  SELECT mb.*, mb.warmup_started_on::text AS warmup_started_on, (SELECT coalesce(jsonb_agg(jsonb_build_object('campaignId', cm.campaign_id, 'weight', cm.weight) ORDER BY cm.campaign_id), '[]'::jsonb)
                FROM nurture.campaign_mailboxes cm WHERE cm.mailbox_id = mb.id) AS campaigns
  FROM nurture.mailboxes mb`;

/** Sending mailboxes: caps hold per mailbox across campaigns; `campaigns` lists who rotates through it. */
@Injectable()
export class MailboxStore {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(): Promise<StoredMailbox[]> {
    const rows: MailboxRow[] = await this.db.query(`${SELECT} ORDER BY mb.id`);
    return rows.map(mailboxView);
  }

  async get(id: string): Promise<StoredMailbox> {
    const found = await this.find(this.db.manager, id);
    if (!found) throw new NurtureError('mailbox_not_found', `there is no mailbox ${id}`, [{ field: 'mailboxId', message: `no mailbox ${id}` }]);
    return found;
  }

  async find(m: EntityManager, id: string): Promise<StoredMailbox | null> {
    const [row]: MailboxRow[] = await m.query(`${SELECT} WHERE mb.id = $1`, [id]);
    return row ? mailboxView(row) : null;
  }

  async create(body: MailboxBody & { id: string }): Promise<StoredMailbox> {
    return this.save(body.id, body, 'create');
  }

  /** PUT replaces the mailbox's fields; `campaigns`, when given, replaces its campaign list (left out: kept). */
  async update(id: string, body: MailboxBody): Promise<StoredMailbox> {
    if (body.id !== undefined && body.id !== id) {
      throw new NurtureError('invalid_mailbox', 'the body names another mailbox than the path', [{ field: 'id', message: `id must be ${id} (the path's) or left out` }]);
    }
    return this.save(id, body, 'update');
  }

  private async save(id: string, b: MailboxBody, mode: 'create' | 'update'): Promise<StoredMailbox> {
    try {
      return await this.write(id, b, mode);
    } catch (err) {
      // Two saves racing for one address: the unique index decides, the loser hears why.
      if ((err as { code?: string }).code === '23505') {
        throw new NurtureError('id_conflict', `address ${b.address} or mailbox id ${id} is already taken`, [{ field: 'address', message: 'already used by another mailbox' }]);
      }
      throw err;
    }
  }

  private async write(id: string, b: MailboxBody, mode: 'create' | 'update'): Promise<StoredMailbox> {
    return this.db.transaction(async (m) => {
      const [clash]: Array<{ id: string }> = await m.query(`SELECT id FROM nurture.mailboxes WHERE lower(address) = lower($1) AND id <> $2`, [b.address, id]);
      if (clash) throw new NurtureError('id_conflict', `address ${b.address} is already mailbox ${clash.id}`, [{ field: 'address', message: `already used by mailbox ${clash.id}` }]);
      const values = [
        id,
        b.address.trim(),
        b.displayName.trim(),
        b.ownerId ?? null,
        b.dailyCap,
        b.hourlyCap,
        b.minSpacingSeconds ?? 0,
        b.warmup?.startedOn ?? null,
        b.warmup?.startCap ?? null,
        b.warmup?.dailyIncrease ?? null,
        b.active ?? true,
      ];
      const cols = `(id, address, display_name, owner_id, daily_cap, hourly_cap, min_spacing_seconds, warmup_started_on, warmup_start_cap, warmup_daily_increase, active)`;
      if (mode === 'create') {
        const inserted: unknown[] = await m.query(`INSERT INTO nurture.mailboxes ${cols} VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (id) DO NOTHING RETURNING id`, values);
        if (inserted.length === 0) throw new NurtureError('id_conflict', `mailbox ${id} exists; PUT it to change it`, [{ field: 'id', message: `mailbox ${id} exists` }]);
      } else {
        await m.query(
          `INSERT INTO nurture.mailboxes ${cols} VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
           ON CONFLICT (id) DO UPDATE SET address = EXCLUDED.address, display_name = EXCLUDED.display_name, owner_id = EXCLUDED.owner_id,
             daily_cap = EXCLUDED.daily_cap, hourly_cap = EXCLUDED.hourly_cap, min_spacing_seconds = EXCLUDED.min_spacing_seconds,
             warmup_started_on = EXCLUDED.warmup_started_on, warmup_start_cap = EXCLUDED.warmup_start_cap,
             warmup_daily_increase = EXCLUDED.warmup_daily_increase, active = EXCLUDED.active, updated_at = now()`,
          values,
        );
      }
      if (b.campaigns !== undefined) {
        const campaigns = b.campaigns;
        await m.query(`DELETE FROM nurture.campaign_mailboxes WHERE mailbox_id = $1 AND NOT (campaign_id = ANY($2::text[]))`, [id, campaigns.map((c) => c.campaignId)]);
        if (campaigns.length > 0) {
          await m.query(
            `INSERT INTO nurture.campaign_mailboxes (campaign_id, mailbox_id, weight)
             SELECT c, $1, w FROM unnest($2::text[], $3::int[]) AS t(c, w)
             ON CONFLICT (campaign_id, mailbox_id) DO UPDATE SET weight = EXCLUDED.weight`,
            [id, campaigns.map((c) => c.campaignId), campaigns.map((c) => c.weight)],
          );
        }
      }
      return (await this.find(m, id))!;
    });
  }
}
