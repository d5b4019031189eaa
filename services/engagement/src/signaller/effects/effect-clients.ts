import { NurtureEngagementClient, ServiceHttpClient, StageCallError } from '#libs/stage-clients';
import type { EngagementConfig } from '../../engagement.config.js';

/** Engagement answers within seconds or retries the row from its inbox; it never waits long on one call. */
const CALL_TIMEOUT_MS = 10_000;

export interface ScoringEngagementEvent {
  eventId: string;
  campaignId: string;
  leadId: string;
  kind: 'open' | 'click' | 'reply';
  at: string;
  machine: boolean;
}

/** Scoring's engagement route: the lead is rescored at once (the answer says how, when scoring knows the lead). */
export class ScoringEngagementClient {
  private readonly http: ServiceHttpClient;

  constructor(baseUrl: string, internalToken?: string) {
    this.http = new ServiceHttpClient('scoring', baseUrl, CALL_TIMEOUT_MS, internalToken);
  }

  record(event: ScoringEngagementEvent): Promise<Record<string, unknown>> {
    return this.http.postJson('/internal/engagement-events', event);
  }
}

/** Routing's account replies, which its "a colleague at the same account replied" guardrail reads. */
export class RoutingAccountRepliesClient {
  private readonly http: ServiceHttpClient;

  constructor(baseUrl: string, internalToken?: string) {
    this.http = new ServiceHttpClient('routing', baseUrl, CALL_TIMEOUT_MS, internalToken);
  }

  record(reply: { companyDomain: string; leadId: string; repliedAt: string }): Promise<{ recorded: boolean }> {
    return this.http.postJson('/internal/account-replies', reply);
  }
}

/** The services the effects call, one instance each (injected as a whole so no token collides with other parts). */
export class EffectClients {
  constructor(
    readonly nurture: NurtureEngagementClient,
    readonly scoring: ScoringEngagementClient,
    readonly routing: RoutingAccountRepliesClient,
  ) {}

  static fromConfig(config: EngagementConfig): EffectClients {
    return new EffectClients(
      new NurtureEngagementClient(config.NURTURE_URL, config.INTERNAL_API_TOKEN),
      new ScoringEngagementClient(config.SCORING_URL, config.INTERNAL_API_TOKEN),
      new RoutingAccountRepliesClient(config.ROUTING_URL, config.INTERNAL_API_TOKEN),
    );
  }
}

/** Statuses that say the request itself is wrong: asking again gets the same answer. */
const PERMANENT_STATUSES = new Set([400, 409, 413, 422]);

/**
 * A refusal that asking again cannot change (the service said the request is invalid). The effect records it
 * instead of holding the row pending for ever. Everything else is retried: timeouts, 5xx, 429, and 401/403/404 too,
 * which mean a token or a route that a deploy will fix, not a bad event.
 */
export function permanentRefusal(err: unknown): { status: number; code: string | null; message: string } | null {
  if (!(err instanceof StageCallError) || err.status === null || !PERMANENT_STATUSES.has(err.status)) return null;
  return { status: err.status, code: err.code ?? null, message: err.serviceMessage.slice(0, 300) };
}
