import { Injectable } from '@nestjs/common';
import type { QualifiedPage } from '#libs/contracts';
import { SuppressionLookup, type SuppressedSet } from '../suppressions/suppression-lookup.js';
import { QualificationResults, type QualifiedCandidate } from './qualification-results.js';

/**
 * Qualified leads for routing. A lead suppressed since its last qualification is left out at once, before the next
 * run re-judges it: suppressed addresses and domains never go further. One suppression check per page; if the
 * list cannot be read the page fails (SuppressionListUnavailable, 503) rather than pass a lead on unchecked.
 */
@Injectable()
export class QualifiedLeads {
  constructor(
    private readonly results: QualificationResults,
    private readonly suppressions: SuppressionLookup,
  ) {}

  async page(campaignId: string, after: string | null, limit: number): Promise<QualifiedPage> {
    const page = await this.results.qualifiedPage(campaignId, after, limit);
    const suppressed = await this.suppressions.matching(page.items.map((i) => i.email));
    return { items: notSuppressed(page.items, suppressed).map(({ leadId, emailVerdict, ruleSetVersion }) => ({ leadId, emailVerdict, ruleSetVersion })), next: page.next };
  }
}

/** Pure: the candidates neither whose address nor whose domain is listed. */
export function notSuppressed(items: readonly QualifiedCandidate[], suppressed: SuppressedSet): QualifiedCandidate[] {
  return items.filter((i) => !suppressed.addresses.has(i.email) && !(i.domain !== null && suppressed.domains.has(i.domain)));
}
