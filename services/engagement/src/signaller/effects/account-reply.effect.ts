import { Inject, Injectable } from '@nestjs/common';
import type { EnrolmentRef } from '#libs/contracts';
import type { InboxEffect, InboxRow } from '../inbox-effect.js';
import { accountDomainOf } from './account-domain.js';
import { EffectClients, permanentRefusal } from './effect-clients.js';

type Row = InboxRow & { enrolment: EnrolmentRef | null };

/**
 * A lead replied: the account heard from us. Routing records the account reply (its guardrail keeps colleagues
 * from being routed into a sequence) and nurture stops colleagues' sequences as the campaign's colleague-stop
 * setting says. The account is the company domain of the address the sequence mails (the reply may come from an
 * alias); a free-mail domain is nobody's account, so neither is called. Both dedupe (routing on domain, lead and
 * time; nurture on the inbox id), so a retry after one of them failed repeats nothing.
 */
@Injectable()
export class AccountReplyEffect implements InboxEffect {
  readonly name = 'accountReply';

  constructor(@Inject(EffectClients) private readonly clients: EffectClients) {}

  appliesTo(row: Row): boolean {
    return row.enrolment !== null && row.kind === 'reply';
  }

  async apply(row: Row): Promise<unknown> {
    if (!row.enrolment) return { skipped: 'no enrolment' };
    const email = row.enrolment.email || row.email;
    const account = accountDomainOf(email);
    if (account.companyDomain === null) return { companyDomain: null, skipped: account.skipped };
    const at = row.occurredAt.toISOString();
    const routing = await orRefusal(this.clients.routing.record({ companyDomain: account.companyDomain, leadId: row.enrolment.leadId, repliedAt: at }));
    const nurture = await orRefusal(
      this.clients.nurture.accountReply({ campaignId: row.enrolment.campaignId, leadId: row.enrolment.leadId, email: email!, eventId: `inbox:${row.id}`, at }),
    );
    return { companyDomain: account.companyDomain, routing, nurture };
  }
}

async function orRefusal<T>(call: Promise<T>): Promise<T | { refused: NonNullable<ReturnType<typeof permanentRefusal>> }> {
  try {
    return await call;
  } catch (err) {
    const refused = permanentRefusal(err);
    if (refused) return { refused };
    throw err;
  }
}
