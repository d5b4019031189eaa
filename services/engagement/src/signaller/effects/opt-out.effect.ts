import { Inject, Injectable } from '@nestjs/common';
import type { EnrolmentRef } from '#libs/contracts';
import type { InboxEffect, InboxRow } from '../inbox-effect.js';
import { EffectClients } from './effect-clients.js';
import { optOutOf } from './opt-out-rule.js';

type Row = InboxRow & { enrolment: EnrolmentRef | null };

/**
 * A hard bounce, spam report or unsubscribe takes the address off every list: nurture suppresses it globally and
 * ends every open enrolment of it. It runs for rows no enrolment is known for too (the address is what counts),
 * and it needs no workflow: the suppression holds even while Temporal is down. Nurture dedupes on the inbox id.
 */
@Injectable()
export class OptOutEffect implements InboxEffect {
  readonly name = 'optOut';
  readonly acceptsUnresolved = true;

  constructor(@Inject(EffectClients) private readonly clients: EffectClients) {}

  appliesTo(row: Row): boolean {
    return optOutOf(row) !== null;
  }

  async apply(row: Row): Promise<unknown> {
    const decision = optOutOf(row);
    if (!decision) return { skipped: 'not an opt-out' };
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
