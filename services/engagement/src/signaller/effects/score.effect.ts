import { Inject, Injectable } from '@nestjs/common';
import type { EnrolmentRef } from '#libs/contracts';
import type { InboxEffect, InboxRow } from '../inbox-effect.js';
import { EffectClients, permanentRefusal } from './effect-clients.js';

type Row = InboxRow & { enrolment: EnrolmentRef | null };

const SCORED_KINDS = new Set(['open', 'click', 'reply']);

/**
 * Opens, clicks and replies feed the lead's score at once (scoring rescores and records a tier change). Machine
 * opens and clicks (Apple MPP, scanners) are kept in the inbox but never sent: a score cannot rise on what no person
 * did, whatever scoring does with the flag. Out-of-office and other auto-replies are not replies. Scoring dedupes
 * on the inbox id.
 */
@Injectable()
export class ScoreEffect implements InboxEffect {
  readonly name = 'score';

  constructor(@Inject(EffectClients) private readonly clients: EffectClients) {}

  appliesTo(row: Row): boolean {
    return row.enrolment !== null && SCORED_KINDS.has(row.kind);
  }

  async apply(row: Row): Promise<unknown> {
    if (!row.enrolment) return { skipped: 'no enrolment' };
    if (row.machine) return { skipped: 'machine', reason: row.machineReason };
    try {
      const answer = await this.clients.scoring.record({
        eventId: `inbox:${row.id}`,
        campaignId: row.enrolment.campaignId,
        leadId: row.enrolment.leadId,
        kind: row.kind as 'open' | 'click' | 'reply',
        at: row.occurredAt.toISOString(),
        machine: false,
      });
      return { sent: true, ...answer };
    } catch (err) {
      const refused = permanentRefusal(err);
      if (refused) return { sent: false, refused };
      throw err;
    }
  }
}
