import { Inject, Injectable } from '@nestjs/common';
import type { HotLeadSlaInput, HotLeadSlaOutcome } from '#libs/contracts';
import { slaDecision, slaDueAt, type RoutingRuleSet } from '#libs/lead-routing';
import type { Logger } from '#libs/logging';
import { RULE_SET_STORE, type RuleSetStore } from '#libs/rule-set-store';
import { businessDayKey } from '../routes/business-day.js';
import { ROUTING_CONFIG, type RoutingConfig } from '../routing.config.js';
import { ROUTING_LOGGER } from '../routing-logger.js';
import { RoutingMetrics } from '../routing-metrics.js';
import { SlaEventsRepository, type SlaTx } from './sla-events.repository.js';
import { slaNoLongerApplies, toSlaOutcome, type SlaRoute } from './sla-outcome.js';

/**
 * A hot lead's SLA timer ran out: unless the lead was touched (or has moved on), escalate it or hand it to the
 * next owner by the campaign's round-robin. One decision per SLA round is recorded, and a retried activity
 * returns that recorded decision instead of deciding twice.
 */
@Injectable()
export class HotLeadSlaService {
  constructor(
    @Inject(ROUTING_CONFIG) private readonly config: RoutingConfig,
    @Inject(ROUTING_LOGGER) private readonly log: Logger,
    @Inject(RULE_SET_STORE) private readonly ruleSets: RuleSetStore<RoutingRuleSet>,
    private readonly events: SlaEventsRepository,
    private readonly metrics: RoutingMetrics,
  ) {}

  async hotLeadSlaExpired(input: HotLeadSlaInput): Promise<HotLeadSlaOutcome> {
    const slaStart = Date.parse(input.routedAt);
    // The workflow's durable timer is the clock of record: it only calls once the SLA is due, so a worker clock
    // a little behind the Temporal server must not turn that into "not yet".
    const now = Math.max(Date.now(), slaDueAt(slaStart, { hotUntouchedMinutes: input.slaMinutes }));
    const at = new Date(now).toISOString();
    const active = await this.ruleSets.active(input.campaignId);

    const { outcome, replayed } = await this.events.inSlaRound(input.campaignId, input.leadId, input.routedAt, async (tx) => {
      if (tx.recorded) return { outcome: tx.recorded, replayed: true };
      // slaNoLongerApplies answers for a missing route, so the rules only ever see an existing one.
      const outcome = slaNoLongerApplies(tx.route, input) ?? (await this.decide(tx, tx.route!, input, now, active?.ruleSet));
      await tx.record(outcome, tx.route?.ownerId ?? input.ownerId, at);
      return { outcome, replayed: false };
    });

    if (!replayed) this.metrics.slaOutcomes.inc({ action: outcome.action });
    this.log.info({ campaignId: input.campaignId, leadId: input.leadId, action: outcome.action, to: outcome.to, replayed }, 'hot-lead SLA expired');
    return outcome;
  }

  /** The rules decide; a reassignment moves the route and the round-robin in the same transaction. */
  private async decide(tx: SlaTx, route: SlaRoute, input: HotLeadSlaInput, now: number, active: RoutingRuleSet | undefined): Promise<HotLeadSlaOutcome> {
    // Today's owners and escalation come from the active rules; the SLA's length is the one the timer ran.
    const ruleSet = active ?? (await this.ruleSets.get(input.campaignId, route.ruleSetVersion)).ruleSet;
    const decision = slaDecision({
      tier: route.tier,
      routedAt: Date.parse(input.routedAt),
      touchedAt: route.touchedAt?.getTime() ?? null,
      now,
      sla: { ...ruleSet.sla, hotUntouchedMinutes: input.slaMinutes },
      currentOwner: input.ownerId,
      territoryId: route.territoryId,
      ruleSet,
      state: tx.state,
      dayKey: businessDayKey(now, this.config.ROUTING_TIME_ZONE),
    });
    if (decision.action === 'reassign') {
      await tx.reassign(decision.to, new Date(now).toISOString(), decision.reason);
      await tx.saveState(decision.state);
    } else if (decision.action === 'escalate') {
      await tx.noteEscalation(decision.to, decision.reason);
    }
    return toSlaOutcome(decision);
  }
}
