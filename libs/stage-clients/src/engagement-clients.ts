import type {
  AccountReplyRequest,
  AccountReplyResult,
  EnrolmentRef,
  LeadEngagementEvent,
  LeadReply,
  LeadSend,
  MailboxAutoPauseRequest,
  OptOutRequest,
  OptOutResult,
  ReplyMatch,
  ReplyMatchRequest,
} from '#libs/contracts';
import { DEFAULT_SERVICE_TIMEOUT_MS, ServiceHttpClient } from './stage-http.js';

/** Engagement answers within seconds or is retried from its inbox; it never waits a minute on one call. */
const ENGAGEMENT_CALL_TIMEOUT_MS = Math.min(DEFAULT_SERVICE_TIMEOUT_MS, 10_000);

/** Nurture's routes for engagement: enrolments behind events and replies, opt-outs, colleagues, mailbox pauses. */
export class NurtureEngagementClient {
  private readonly http: ServiceHttpClient;

  constructor(baseUrl: string, internalToken?: string, timeoutMs = ENGAGEMENT_CALL_TIMEOUT_MS) {
    this.http = new ServiceHttpClient('nurture', baseUrl, timeoutMs, internalToken);
  }

  /** Unknown ids are left out of the answer. */
  async resolveEnrolments(enrolmentIds: readonly string[]): Promise<EnrolmentRef[]> {
    if (enrolmentIds.length === 0) return [];
    return (await this.http.postJson<{ items: EnrolmentRef[] }>('/internal/enrolments/resolve', { enrolmentIds })).items;
  }

  matchReply(request: ReplyMatchRequest): Promise<ReplyMatch> {
    return this.http.postJson('/internal/replies/match', request);
  }

  optOut(request: OptOutRequest): Promise<OptOutResult> {
    return this.http.postJson('/internal/opt-outs', request);
  }

  accountReply(request: AccountReplyRequest): Promise<AccountReplyResult> {
    return this.http.postJson('/internal/account-replies', request);
  }

  pauseMailbox(mailboxId: string, request: MailboxAutoPauseRequest): Promise<{ paused: boolean }> {
    return this.http.postJson(`/internal/mailboxes/${encodeURIComponent(mailboxId)}/auto-pause`, request);
  }

  async leadSends(leadId: string, campaignId?: string): Promise<LeadSend[]> {
    return (await this.http.request<{ items: LeadSend[] }>({ method: 'GET', path: `/internal/leads/${encodeURIComponent(leadId)}/sends`, query: { campaignId } })).items;
  }
}

/** Engagement's read routes, for the API's journey and lead view. */
export class EngagementReadClient {
  private readonly http: ServiceHttpClient;

  constructor(baseUrl: string, internalToken?: string) {
    this.http = new ServiceHttpClient('engagement', baseUrl, undefined, internalToken);
  }

  async leadEvents(leadId: string, campaignId?: string): Promise<LeadEngagementEvent[]> {
    return (await this.http.request<{ items: LeadEngagementEvent[] }>({ method: 'GET', path: `/internal/leads/${encodeURIComponent(leadId)}/engagement`, query: { campaignId } })).items;
  }

  async leadReplies(leadId: string, campaignId?: string): Promise<LeadReply[]> {
    return (await this.http.request<{ items: LeadReply[] }>({ method: 'GET', path: `/internal/leads/${encodeURIComponent(leadId)}/replies`, query: { campaignId } })).items;
  }
}
