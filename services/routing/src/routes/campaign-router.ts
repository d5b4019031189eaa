import { Inject, Injectable } from '@nestjs/common';
import type { CampaignStageInput, CampaignStageReport, HotLeadSlaInput } from '#libs/contracts';
import { DEMO_ROUTING_RULE_SET, routeLeads, sequenceForTier, type RoutingRuleSet } from '#libs/lead-routing';
import type { Logger } from '#libs/logging';
import { RULE_SET_STORE, type RuleSetStore } from '#libs/rule-set-store';
import { activeRuleSet, campaignStageReport, runPagedStage, type StageProgress } from '#libs/service-runtime';
import { LeadFactsClient, LeadTiersClient, QualifiedLeadsClient } from '#libs/stage-clients';
import { GuardrailFactsRepository } from '../guardrails/guardrail-facts.repository.js';
import { HotLeadSlaTimers } from '../hot-lead-sla/hot-lead-sla-timers.js';
import { SlaTimerPipeline } from '../hot-lead-sla/sla-timer-pipeline.js';
import { ROUTING_CONFIG, type RoutingConfig } from '../routing.config.js';
import { ROUTING_LOGGER } from '../routing-logger.js';
import { RoutingMetrics } from '../routing-metrics.js';
import { businessDayKey } from './business-day.js';
import { inRoutingOrder, selectLeadsToRoute, tiersById, type LeadToJudge } from './lead-selection.js';
import { leadDomains, toLeadToRoute } from './routable-lead.js';
import { OUTCOME_COUNT_KEY, toRouteRows } from './route-rows.js';
import { RoutesRepository } from './routes.repository.js';

interface CampaignRun {
  campaignId: string;
  runId: string;
  ruleSet: RoutingRuleSet;
  ruleSetVersion: number;
}

const SLA_SWEEP_BATCH = 1000;
// Longer than a normal run of a large campaign: a second run waits for the first rather than failing at once.
const RUN_LOCK_WAIT_MS = 5 * 60_000;

/**
 * The route stage for one campaign: page through its qualified leads, judge the ones that need it (see
 * lead-selection.ts) with the campaign's active routing rules, and write each page's routes together with the
 * round-robin state, so a retried or resumed run continues with exactly the counts and rotation it left.
 */
@Injectable()
export class CampaignRouter {
  constructor(
    @Inject(ROUTING_CONFIG) private readonly config: RoutingConfig,
    @Inject(ROUTING_LOGGER) private readonly log: Logger,
    @Inject(RULE_SET_STORE) private readonly ruleSets: RuleSetStore<RoutingRuleSet>,
    private readonly routes: RoutesRepository,
    private readonly guardrails: GuardrailFactsRepository,
    private readonly timers: HotLeadSlaTimers,
    private readonly qualified: QualifiedLeadsClient,
    private readonly tiers: LeadTiersClient,
    private readonly facts: LeadFactsClient,
    private readonly metrics: RoutingMetrics,
  ) {}

  async routeCampaign(input: CampaignStageInput, progress: StageProgress): Promise<CampaignStageReport> {
    const { campaignId, runId } = input;
    const active = await activeRuleSet(this.ruleSets, 'routing', campaignId, DEMO_ROUTING_RULE_SET);
    if (!active) {
      return campaignStageReport(campaignId, null, ['no active routing rule set: activate a version; no leads were routed']);
    }
    const run: CampaignRun = { campaignId, runId, ruleSet: active.ruleSet, ruleSetVersion: active.version };

    // Waiting for the run lock or for Temporal to take timers repeats the last heartbeat, so a slow wait is not
    // mistaken for a stalled worker, while a stuck page still is.
    const stillAlive = () => progress.stillAlive();

    const cursor = await this.routes.withCampaignRunLock(campaignId, { waitMs: RUN_LOCK_WAIT_MS, waiting: stillAlive }, async () => {
      // Timers a crashed earlier attempt committed but never started.
      const recovered = await this.startPendingSlaTimers(campaignId, stillAlive);
      const timers = new SlaTimerPipeline<HotLeadSlaInput>((batch) => this.startAndMark(campaignId, batch, stillAlive));
      const done = await runPagedStage<string>({
        progress,
        fetchPage: async (after) => {
          const page = await this.qualified.page({ campaignId, after, limit: this.config.ROUTING_PAGE_SIZE });
          return { items: page.items.map((q) => q.leadId), next: page.next };
        },
        processPage: async (leadIds) => {
          const { counts, hot } = await this.routePage(run, leadIds);
          await timers.enqueue(hot);
          return counts;
        },
      });
      done.counts.slaStarted = (done.counts.slaStarted ?? 0) + recovered + (await timers.finish());
      return done;
    });
    this.log.info({ campaignId, runId, ruleSetVersion: run.ruleSetVersion, processed: cursor.processed, counts: cursor.counts }, 'campaign routed');
    return campaignStageReport(campaignId, cursor);
  }

  /**
   * One page: three internal HTTP calls (the page, tiers, facts), routing's own reads overlapped with them, and
   * one transaction that writes the routes and the state.
   */
  private async routePage(run: CampaignRun, leadIds: string[]): Promise<{ counts: Record<string, number>; hot: HotLeadSlaInput[] }> {
    const { campaignId, ruleSet } = run;
    const counts: Record<string, number> = { routed: 0, enrol: 0, notEnrolled: 0, blocked: 0, review: 0, skipped: 0, alreadyRouted: 0, unscored: 0, missingFacts: 0 };
    const [existing, scored] = await Promise.all([this.routes.existingRoutes(campaignId, leadIds), this.tiers.byIds(campaignId, leadIds)]);
    const selection = selectLeadsToRoute(leadIds, existing, tiersById(scored));
    counts.alreadyRouted = selection.alreadyRouted;
    counts.unscored = selection.unscored;
    if (selection.toRoute.length === 0) return { counts, hot: [] };

    // A tier without a sequence is "not enrolled" whatever the lead looks like: no facts or guardrails needed.
    const enrollable = (l: LeadToJudge) => sequenceForTier(ruleSet, l.tier) !== null;
    const enrollableIds = selection.toRoute.filter(enrollable).map((l) => l.leadId);
    const [factList, standings] = await Promise.all([this.facts.byIds(enrollableIds), this.guardrails.standings(campaignId, enrollableIds)]);
    const facts = new Map(factList.map((f) => [f.id, f]));
    const judged = inRoutingOrder(selection.toRoute.filter((l) => !enrollable(l) || facts.has(l.leadId)));
    counts.missingFacts = selection.toRoute.length - judged.length;
    const replies = await this.guardrails.colleagueReplies(judged.filter(enrollable).flatMap((l) => leadDomains(facts.get(l.leadId)).map((domain) => ({ leadId: l.leadId, domain }))));
    const leads = judged.map((l) => toLeadToRoute(l, facts.get(l.leadId), standings.get(l.leadId), replies.get(l.leadId)));

    const now = Date.now();
    const routedAt = new Date(now).toISOString();
    const hot = await this.routes.routePage(campaignId, async (tx) => {
      const routed = routeLeads(ruleSet, leads, tx.state, { dayKey: businessDayKey(now, this.config.ROUTING_TIME_ZONE), now });
      const page = toRouteRows(judged, routed.decisions, { now, sla: ruleSet.sla });
      await tx.writePage(page.rows, routed.state, { ruleSetVersion: run.ruleSetVersion, runId: run.runId, routedAt });
      for (const [k, v] of Object.entries(page.counts)) counts[k] = (counts[k] ?? 0) + v;
      return page.hotEnrolments;
    });
    this.countDecisions(counts);
    const slaMinutes = ruleSet.sla.hotUntouchedMinutes;
    return { counts, hot: hot.map((h) => ({ campaignId, leadId: h.leadId, ownerId: h.ownerId, routedAt, slaMinutes })) };
  }

  /** Starts the timers of routes committed earlier whose start never happened, in batches. */
  private async startPendingSlaTimers(campaignId: string, stillAlive: () => void): Promise<number> {
    let started = 0;
    for (;;) {
      const pending = await this.routes.pendingSlaTimers(campaignId, SLA_SWEEP_BATCH);
      started += await this.startAndMark(
        campaignId,
        pending.map((p) => ({
          campaignId,
          leadId: p.leadId,
          ownerId: p.ownerId,
          routedAt: p.routedAt.toISOString(),
          slaMinutes: Math.round((p.slaDueAt.getTime() - p.routedAt.getTime()) / 60_000),
        })),
        stillAlive,
      );
      if (pending.length < SLA_SWEEP_BATCH) return started;
    }
  }

  // Marked only after Temporal accepted them: a failure leaves them pending for the next attempt's sweep.
  private async startAndMark(campaignId: string, inputs: HotLeadSlaInput[], stillAlive: () => void): Promise<number> {
    if (inputs.length === 0) return 0;
    await this.timers.start(inputs, stillAlive);
    await this.routes.markSlaTimersStarted(campaignId, inputs.map((i) => i.leadId));
    this.metrics.slaTimersStarted.inc(inputs.length);
    return inputs.length;
  }

  private countDecisions(counts: Record<string, number>) {
    for (const [outcome, key] of Object.entries(OUTCOME_COUNT_KEY)) {
      if (counts[key]) this.metrics.decisions.inc({ outcome }, counts[key]);
    }
  }
}
