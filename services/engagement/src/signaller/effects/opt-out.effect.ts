import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { EnrolmentRef } from '#libs/contracts';
import type { InboxEffect, InboxRow } from '../inbox-effect.js';
import { EffectClients } from './effect-clients.js';
import { optOutOf } from './opt-out-rule.js';

type Row = InboxRow & { enrolment: EnrolmentRef | null };

/**
 * A hard bounce, spam report or unsubscribe takes the address off every list: nurture suppresses it globally and
 * ends every open enrolment of it. It runs for rows no enrolment is known for too (the address is what counts),
 * and it needs no workflow: the suppression holds even while Temporal is down. Nurture dedupes on the inbox id.
 * The opt-out lane (opt-out-lane.ts) may have applied it already, ahead of a backlog: then its record is the answer.
 */
@Injectable()
export class OptOutEffect implements InboxEffect {
  readonly name = 'optOut';
  readonly acceptsUnresolved = true;

  constructor(
    @Inject(EffectClients) private readonly clients: EffectClients,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  appliesTo(row: Row): boolean {
    return optOutOf(row) !== null;
  }

  async apply(row: Row): Promise<unknown> {
    const decision = optOutOf(row);
    if (!decision) return { skipped: 'not an opt-out' };
    const done: Array<{ result: unknown }> = await this.db.query(`SELECT effects->'optOut' AS result FROM engagement.inbox WHERE id = $1 AND effects ? 'optOut'`, [row.id]);
    if (done[0]) return done[0].result;
    const email = row.email ?? row.enrolment?.email ?? null;
    if (!email) return { skipped: 'no address on the event' };
    const result = await this.clients.nurture.optOut({
      email,
      kind: decision.kind,
      eventId: `inbox:${row.id}`,
      at: row.occurredAt.toISOString(),
      enrolmentId: row.enrolment?.enrolmentId ?? row.enrolmentId ?? null,
      detail: decision.detail,
    });
    return { kind: decision.kind, suppressed: result.suppressed, stopped: result.stopped };
  }
}
