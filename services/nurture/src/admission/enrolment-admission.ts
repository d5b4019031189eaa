import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { STAGE_PAGE_MAX, isCampaignId, type AdmitEnrolmentsInput, type AdmitEnrolmentsPage, type EnrolledRoute, type LeadNurtureInput, type LeadTier, type Tier } from '#libs/contracts';
import { EnrolledRoutesClient, LeadFactsClient, LeadTiersClient } from '#libs/stage-clients';
import { SettingsStore, type StoredSettings } from '../definitions/settings-store.js';
import { NurtureError } from '../nurture-errors.js';
import { displayName, formatAdmissionCursor, localDay, nurtureMemo, parseAdmissionCursor, queueOrderSql } from './admission-rules.js';
import { CampaignCapacity } from './campaign-capacity.js';
import { chooseMailbox, type MailboxChoices } from './mailbox-choice.js';
import { queryRows } from '../database/sql-rows.js';

/** A lead's address (or its domain) on the global suppression list: plain SQL over nurture.suppressions. */
export const SUPPRESSED_SQL = (email: string) => `EXISTS (SELECT 1 FROM nurture.suppressions s
  WHERE (s.kind = 'address' AND s.value = lower(${email})) OR (s.kind = 'domain' AND s.value = split_part(lower(${email}), '@', 2)))`;

type Mailboxes = MailboxChoices;

/**
 * The nurture stage's admission (the `admitEnrolments` activity). Pages through routing's enrolled routes and
 * queues each new (campaign, lead) once; when routing has no more, admits today's share of the queue (score,
 * then tier, then queue time) up to the campaign's daily new-lead limit, under a per-campaign advisory lock so
 * two concurrent runs never admit more than the limit; then pages the admitted enrolments that have not started
 * yet, which the stage starts as workflows (a retry gets the same ones again).
 */
@Injectable()
export class EnrolmentAdmission {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly settings: SettingsStore,
    private readonly capacity: CampaignCapacity,
    @Inject(EnrolledRoutesClient) private readonly routes: EnrolledRoutesClient,
    @Inject(LeadFactsClient) private readonly facts: LeadFactsClient,
    @Inject(LeadTiersClient) private readonly tiers: LeadTiersClient,
  ) {}

  async admit(input: AdmitEnrolmentsInput): Promise<AdmitEnrolmentsPage> {
    const { campaignId, runId, limit, now } = checkedInput(input);
    let cursor = parseAdmissionCursor(input.after)!;
    const settings = await this.settings.get(campaignId);
    if (settings.state === 'stopped') return { items: [], next: null, counts: { stopped: 1 } };

    const counts: Record<string, number> = {};
    if (cursor.phase === 'routes') {
      const page = await this.routes.page({ campaignId, after: cursor.after, limit });
      add(counts, await this.queue(campaignId, page.items));
      if (page.next !== null) return { items: [], next: formatAdmissionCursor({ phase: 'routes', after: page.next }), counts };
      add(counts, await this.admitToday(campaignId, runId, now));
      cursor = { phase: 'admitted', after: null };
    }
    // A paused campaign starts nobody: its admitted leads start on the first run after it resumes.
    if ((await this.settings.get(campaignId)).state !== 'active') return { items: [], next: null, counts: { ...counts, paused: 1 } };
    const items = await this.admittedPage(campaignId, cursor.after, limit);
    const next = items.length === limit ? formatAdmissionCursor({ phase: 'admitted', after: items[items.length - 1]!.enrolmentId }) : null;
    return { items, next, counts };
  }

  /**
   * Queues the routes this campaign has no enrolment for yet; suppressed addresses and vanished leads are left
   * out. Leads still queued get their current score and tier, so the queue follows today's judgement.
   */
  private async queue(campaignId: string, routes: EnrolledRoute[]): Promise<Record<string, number>> {
    if (routes.length === 0) return { newlyQueued: 0 };
    const all = routes.map((r) => r.leadId);
    const [known, scores]: [Array<{ lead_id: string }>, LeadTier[]] = await Promise.all([
      this.db.query(`SELECT lead_id FROM nurture.enrolments WHERE campaign_id = $1 AND lead_id = ANY($2::uuid[])`, [campaignId, all]),
      this.tiers.byIds(campaignId, all),
    ]);
    const scoreById = new Map(scores.map((s) => [s.leadId, s.score]));
    const seen = new Set(known.map((k) => k.lead_id));
    const rescored = await this.rescoreQueued(campaignId, routes.filter((r) => seen.has(r.leadId)), scoreById);
    const fresh = routes.filter((r) => !seen.has(r.leadId));
    if (fresh.length === 0) return { newlyQueued: 0, rescored };
    const ids = fresh.map((r) => r.leadId);
    const [facts, mailboxes] = await Promise.all([this.facts.byIds(ids), this.mailboxes(this.db.manager, campaignId)]);
    const factsById = new Map(facts.map((f) => [f.id, f]));
    const rows = fresh.flatMap((r) => {
      const f = factsById.get(r.leadId);
      if (!f) return [];
      return [{ route: r, email: f.email.toLowerCase(), name: displayName(f), score: Math.round(scoreById.get(r.leadId) ?? 0), mailbox: this.pick(campaignId, r.leadId, r.ownerId, mailboxes) }];
    });
    if (rows.length === 0) return { newlyQueued: 0, rescored, missingLeads: fresh.length };
    const [result]: Array<{ queued: number; suppressed: number }> = await this.db.query(
      `WITH input AS (
         SELECT * FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::text[], $9::text[])
           AS t(lead_id, email, display_name, owner_id, tier, score, sequence_id, mailbox_id)
       ), flagged AS (
         SELECT input.*, ${SUPPRESSED_SQL('input.email')} AS suppressed FROM input
       ), inserted AS (
         INSERT INTO nurture.enrolments (campaign_id, lead_id, email, display_name, owner_id, tier, score, sequence_id, mailbox_id)
         SELECT $1, lead_id, email, display_name, owner_id, tier, score, sequence_id, mailbox_id FROM flagged WHERE NOT suppressed
         ON CONFLICT (campaign_id, lead_id) DO NOTHING
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM inserted)::int AS queued, (SELECT count(*) FROM flagged WHERE suppressed)::int AS suppressed`,
      [
        campaignId,
        rows.map((r) => r.route.leadId),
        rows.map((r) => r.email),
        rows.map((r) => r.name),
        rows.map((r) => r.route.ownerId),
        rows.map((r) => r.route.tier),
        rows.map((r) => r.score),
        rows.map((r) => r.route.sequenceId),
        rows.map((r) => r.mailbox),
      ],
    );
    return { newlyQueued: result!.queued, rescored, suppressed: result!.suppressed, missingLeads: fresh.length - rows.length };
  }

  /** Queued leads whose score or routed tier moved since they were queued; answers how many changed. */
  private async rescoreQueued(campaignId: string, routes: EnrolledRoute[], scoreById: Map<string, number>): Promise<number> {
    if (routes.length === 0) return 0;
    const changed = await queryRows(
      this.db,
      `UPDATE nurture.enrolments e SET score = t.score, tier = t.tier, updated_at = now()
       FROM unnest($2::uuid[], $3::int[], $4::text[]) AS t(lead_id, score, tier)
       WHERE e.campaign_id = $1 AND e.lead_id = t.lead_id AND e.status = 'queued' AND (e.score, e.tier) IS DISTINCT FROM (t.score, t.tier)
       RETURNING 1`,
      [campaignId, routes.map((r) => r.leadId), routes.map((r) => Math.round(scoreById.get(r.leadId) ?? 0)), routes.map((r) => r.tier)],
    );
    return changed.length;
  }

  /**
   * Admits today's share in one transaction under the campaign's advisory lock (the controls take it too, so a
   * pause cannot slip between the state check and the admission): the limit minus those already admitted on the
   * campaign's local day, best first.
   */
  private async admitToday(campaignId: string, runId: string, now: string): Promise<Record<string, number>> {
    return this.db.transaction(async (m) => {
      await lockCampaign(m, campaignId);
      const settings = await this.settings.get(campaignId, m);
      const counts: Record<string, number> = {};
      // Addresses suppressed since they were queued never start.
      const suppressed = await queryRows(
        m,
        `UPDATE nurture.enrolments e SET status = 'suppressed', hold_reason = NULL, last_decision = 'address suppressed before its sequence started', ended_at = now(), updated_at = now()
         WHERE e.campaign_id = $1 AND e.status = 'queued' AND ${SUPPRESSED_SQL('e.email')} RETURNING 1`,
        [campaignId],
      );
      counts.suppressedInQueue = suppressed.length;
      counts.mailboxesAssigned = await this.assignMissingMailboxes(m, campaignId);
      await this.explainHeld(m, campaignId);
      const day = localDay(now, settings.timeZone);
      const dailyLimit = await this.capacity.dailyLimit(campaignId, settings, Date.parse(now), m);
      const [{ n: before }]: Array<{ n: number }> = await m.query(`SELECT count(*)::int AS n FROM nurture.enrolments WHERE campaign_id = $1 AND admitted_on = $2::date`, [campaignId, day]);
      const room = settings.state === 'active' ? Math.max(0, dailyLimit - before) : 0;
      let admitted = 0;
      if (room > 0) {
        const rows = await queryRows(
          m,
          `WITH latest AS (
             SELECT DISTINCT ON (id) id, version FROM nurture.sequences WHERE campaign_id = $1 ORDER BY id, version DESC
           ), pick AS (
             SELECT e.id, latest.version FROM nurture.enrolments e JOIN latest ON latest.id = e.sequence_id
             WHERE e.campaign_id = $1 AND e.status = 'queued' AND e.mailbox_id IS NOT NULL
             ORDER BY ${queueOrderSql('e')}
             LIMIT $2
             FOR UPDATE OF e
           )
           UPDATE nurture.enrolments e
           SET status = 'admitted', admitted_on = $3::date, admitted_run_id = $4, sequence_version = pick.version, hold_reason = NULL,
               last_decision = $5, updated_at = now()
           FROM pick WHERE e.id = pick.id RETURNING 1`,
          [campaignId, room, day, runId, `admitted on ${day} (daily new-lead limit ${dailyLimit})`],
        );
        admitted = rows.length;
      }
      const [{ queued }]: Array<{ queued: number }> = await m.query(`SELECT count(*)::int AS queued FROM nurture.enrolments WHERE campaign_id = $1 AND status = 'queued'`, [campaignId]);
      return { ...counts, dailyLimit, admitted, admittedToday: before + admitted, queued };
    });
  }

  /**
   * Queued leads that had no mailbox when queued (none yet for the campaign or the owner) get one now, if any
   * exists; a queued lead whose mailbox has been paused since moves to an open one, if there is one (nothing was
   * sent to it yet, so no thread is broken).
   */
  private async assignMissingMailboxes(m: EntityManager, campaignId: string): Promise<number> {
    const rows: Array<{ id: string; lead_id: string; owner_id: string | null; mailbox_id: string | null }> = await m.query(
      `SELECT e.id, e.lead_id, e.owner_id, e.mailbox_id FROM nurture.enrolments e LEFT JOIN nurture.mailboxes mb ON mb.id = e.mailbox_id
        WHERE e.campaign_id = $1 AND e.status = 'queued' AND (e.mailbox_id IS NULL OR mb.paused_at IS NOT NULL)
        ORDER BY (e.mailbox_id IS NULL) DESC, e.id LIMIT ${STAGE_PAGE_MAX}`,
      [campaignId],
    );
    if (rows.length === 0) return 0;
    const mailboxes = await this.mailboxes(m, campaignId);
    const picks = rows
      .map((r) => ({ id: r.id, from: r.mailbox_id, mailbox: this.pick(campaignId, r.lead_id, r.owner_id, mailboxes) }))
      .filter((p) => p.mailbox !== null && p.mailbox !== p.from && (p.from === null || !mailboxes.paused.has(p.mailbox)));
    if (picks.length === 0) return 0;
    await m.query(`UPDATE nurture.enrolments e SET mailbox_id = t.mailbox_id, updated_at = now() FROM unnest($1::uuid[], $2::text[]) AS t(id, mailbox_id) WHERE e.id = t.id`, [
      picks.map((p) => p.id),
      picks.map((p) => p.mailbox),
    ]);
    return picks.length;
  }

  /** A queued lead that cannot be admitted whatever the capacity says has its reason on its row (the API shows it). */
  private async explainHeld(m: EntityManager, campaignId: string): Promise<void> {
    await m.query(
      `UPDATE nurture.enrolments e SET hold_reason = r.reason, updated_at = now()
       FROM (
         SELECT e2.id,
           CASE
             WHEN NOT EXISTS (SELECT 1 FROM nurture.sequences s WHERE s.campaign_id = e2.campaign_id AND s.id = e2.sequence_id)
               THEN 'sequence ' || e2.sequence_id || ' is not defined for campaign ' || e2.campaign_id
             WHEN e2.mailbox_id IS NULL THEN 'no sending mailbox: the campaign has none and the owner has none'
           END AS reason
         FROM nurture.enrolments e2 WHERE e2.campaign_id = $1 AND e2.status = 'queued'
       ) r
       WHERE e.id = r.id AND e.hold_reason IS DISTINCT FROM r.reason`,
      [campaignId],
    );
  }

  private async admittedPage(campaignId: string, after: string | null, limit: number): Promise<LeadNurtureInput[]> {
    const rows: Array<{
      id: string;
      lead_id: string;
      tier: Tier;
      sequence_id: string;
      sequence_version: number;
      mailbox_id: string;
      display_name: string;
      email: string;
      owner_id: string | null;
    }> = await this.db.query(
      `SELECT id, lead_id, tier, sequence_id, sequence_version, mailbox_id, display_name, email, owner_id FROM nurture.enrolments
       WHERE campaign_id = $1 AND status = 'admitted' AND ($2::uuid IS NULL OR id > $2::uuid) ORDER BY id LIMIT $3`,
      [campaignId, after, limit],
    );
    return rows.map((r) => ({
      enrolmentId: r.id,
      campaignId,
      leadId: r.lead_id,
      tier: r.tier,
      sequenceId: r.sequence_id,
      sequenceVersion: r.sequence_version,
      mailboxId: r.mailbox_id,
      memo: nurtureMemo({ displayName: r.display_name, email: r.email, ownerId: r.owner_id, sequenceId: r.sequence_id, sequenceVersion: r.sequence_version }),
    }));
  }

  private async mailboxes(m: EntityManager, campaignId: string): Promise<Mailboxes> {
    const rows: Array<{ id: string; owner_id: string | null; weight: number | null; paused: boolean }> = await m.query(
      `SELECT mb.id, mb.owner_id, cm.weight, mb.paused_at IS NOT NULL AS paused FROM nurture.mailboxes mb
       LEFT JOIN nurture.campaign_mailboxes cm ON cm.mailbox_id = mb.id AND cm.campaign_id = $1
       WHERE mb.active AND (mb.owner_id IS NOT NULL OR cm.weight IS NOT NULL)`,
      [campaignId],
    );
    return {
      owners: rows.filter((r) => r.owner_id !== null).map((r) => ({ id: r.id, ownerId: r.owner_id })),
      campaign: rows.filter((r) => r.weight !== null).map((r) => ({ id: r.id, weight: r.weight! })),
      paused: new Set(rows.filter((r) => r.paused).map((r) => r.id)),
    };
  }

  private pick(campaignId: string, leadId: string, ownerId: string | null, mailboxes: Mailboxes): string | null {
    return chooseMailbox(ownerId, `${campaignId}/${leadId}`, mailboxes);
  }
}

/** Serialises admission and the campaign controls of one campaign (transaction-scoped). */
export async function lockCampaign(m: EntityManager, campaignId: string): Promise<void> {
  await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`nurture.campaign:${campaignId}`]);
}

function add(into: Record<string, number>, more: Record<string, number>): void {
  for (const [k, v] of Object.entries(more)) into[k] = (into[k] ?? 0) + v;
}

function checkedInput(input: AdmitEnrolmentsInput): { campaignId: string; runId: string; limit: number; now: string } {
  const problems: Array<{ field: string; message: string }> = [];
  if (!isCampaignId(input?.campaignId)) problems.push({ field: 'campaignId', message: 'campaignId must be a campaign id' });
  if (typeof input?.runId !== 'string' || input.runId.length === 0 || input.runId.length > 200) problems.push({ field: 'runId', message: 'runId must be 1-200 characters' });
  if (!Number.isInteger(input?.limit) || input.limit < 1 || input.limit > STAGE_PAGE_MAX) problems.push({ field: 'limit', message: `limit must be a whole number from 1 to ${STAGE_PAGE_MAX}` });
  if (typeof input?.now !== 'string' || Number.isNaN(Date.parse(input.now))) problems.push({ field: 'now', message: 'now must be an ISO time' });
  if (input?.after !== null && (typeof input?.after !== 'string' || parseAdmissionCursor(input.after) === null)) problems.push({ field: 'after', message: "after must be null or the previous page's next" });
  if (problems.length > 0) throw new NurtureError('invalid_request', `invalid admission input: ${problems.map((p) => p.message).join('; ')}`, problems);
  return { campaignId: input.campaignId, runId: input.runId, limit: input.limit, now: new Date(input.now).toISOString() };
}
