import { pickMailbox, type CampaignMailbox, type OwnerMailbox } from '#libs/mailbox-capacity';

/** The mailboxes a campaign's new enrolments may send from, and which of them are paused. */
export interface MailboxChoices {
  owners: OwnerMailbox[];
  campaign: CampaignMailbox[];
  paused: ReadonlySet<string>;
}

/**
 * The mailbox for a new enrolment: the owner's, else the campaign's rotation (pickMailbox), leaving paused
 * mailboxes out while any other would do; with every candidate paused the usual pick stands, and its sends
 * wait for the resume (the sender holds them) rather than the lead having no mailbox at all.
 */
export function chooseMailbox(ownerId: string | null, key: string, m: MailboxChoices): string | null {
  const open = <T extends { id: string }>(list: T[]) => list.filter((x) => !m.paused.has(x.id));
  return (
    pickMailbox({ ownerId, ownerMailboxes: open(m.owners), campaignMailboxes: open(m.campaign), key }) ??
    pickMailbox({ ownerId, ownerMailboxes: m.owners, campaignMailboxes: m.campaign, key })
  );
}
