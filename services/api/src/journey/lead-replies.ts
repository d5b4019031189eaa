import { Injectable } from '@nestjs/common';
import { EngagementReadClient, StageCallError } from '#libs/stage-clients';
import { latestRepliesByCampaign, type LatestReply } from './journey-order.js';

// The nurture view answers without its replies rather than wait long on engagement.
const REPLIES_TIMEOUT_MS = 5_000;

/** The lead's latest reply per campaign, for its nurture view. */
@Injectable()
export class LeadReplies {
  constructor(private readonly engagement: EngagementReadClient) {}

  /** Null when the engagement service does not answer in time: the view then leaves `latestReply` out, not null. */
  async latestByCampaign(leadId: string): Promise<Map<string, LatestReply> | null> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('no answer')), REPLIES_TIMEOUT_MS)));
      return latestRepliesByCampaign(await Promise.race([this.engagement.leadReplies(leadId), timeout]));
    } catch (err) {
      if (err instanceof StageCallError && err.status === 404) return new Map();
      return null;
    } finally {
      clearTimeout(timer);
    }
  }
}
