import { Inject, Injectable } from '@nestjs/common';
import { score, type EngagementKind } from '#libs/lead-scoring';
import { LeadFactsClient } from '#libs/stage-clients';
import { SCORING_CONFIG, type ScoringConfig } from '../scoring.config.js';
import { ScoringError } from '../scoring-errors.js';
import { CompiledRuleSets } from './compiled-rule-sets.js';
import { LeadScoresRepository, type EngagementRecord } from './lead-scores.repository.js';
import { scoreMove } from './score-move.js';
import { scoringInputFrom } from './scoring-input-from-facts.js';

export interface EngagementEventInput {
  eventId: string;
  campaignId: string;
  leadId: string;
  kind: EngagementKind;
  at: Date;
  machine: boolean;
}

/** What the engagement route answers: whether the event was new, and the lead's score after it. */
export interface EngagementAnswer {
  recorded: boolean;
  duplicate: boolean;
  rescored: boolean;
  /** Why the score was not recomputed, when it was not. */
  reason?: string;
  score?: number;
  tier?: string;
  previous?: { score: number; tier: string };
  tierChange?: { from: string; to: string; reason: string } | null;
}

/**
 * An open, click or reply rescores its lead at once, as the daily run would (the rule-set version the lead was last
 * scored with, decay from each event's time to now), so a lead that clicks today is routed on its new tier by the
 * next run rather than a day late. Idempotent on the event id.
 */
@Injectable()
export class EngagementRescorer {
  private readonly harvest: LeadFactsClient;

  constructor(
    @Inject(SCORING_CONFIG) config: ScoringConfig,
    private readonly scores: LeadScoresRepository,
    private readonly ruleSets: CompiledRuleSets,
  ) {
    this.harvest = new LeadFactsClient(config.HARVEST_URL, config.INTERNAL_API_TOKEN);
  }

  async record(e: EngagementEventInput, nowMs = () => Date.now()): Promise<EngagementAnswer> {
    const event: EngagementRecord = e;
    // Machine opens and clicks score nothing: kept for the record, the stored score stays as it is.
    if (e.machine) return this.recordOnly(event, 'machine open or click: scores nothing');
    if (await this.scores.engagementRecorded(e.eventId)) return { recorded: false, duplicate: true, rescored: false };
    const current = await this.scores.scoreOf(e.campaignId, e.leadId);
    if (!current) return this.recordOnly(event, 'the lead has no score in this campaign yet: the next scoring run counts the event');
    const [facts] = await this.harvest.byIds([e.leadId]).catch((err: Error) => {
      throw new ScoringError('facts_unavailable', `the lead's facts could not be read from harvest, try again: ${err.message}`);
    });
    if (!facts) return this.recordOnly(event, 'harvest has no such lead: the event is kept, the score stays');

    const done = await this.scores.recordAndRescore(
      event,
      async (before, events, atMs) => {
        const compiled = await this.ruleSets.version(e.campaignId, before.rule_set_version);
        const result = score(compiled, scoringInputFrom(facts, events), atMs);
        return { move: scoreMove(e.leadId, before, result), version: before.rule_set_version };
      },
      () => new Date(nowMs()),
    );
    if (!done.recorded) return { recorded: false, duplicate: true, rescored: false };
    // Scored between the look-up and the transaction's lock? Only a first run writes a row, and it reads this event.
    if (!done.before || !done.move) return { recorded: true, duplicate: false, rescored: false, reason: 'the lead has no score in this campaign yet: the next scoring run counts the event' };
    const after = done.move.row ?? done.before;
    const change = done.move.change;
    return {
      recorded: true,
      duplicate: false,
      rescored: true,
      score: after.score,
      tier: after.tier,
      previous: { score: done.before.score, tier: done.before.tier },
      tierChange: change ? { from: change.from!, to: change.to, reason: change.reason } : null,
    };
  }

  private async recordOnly(e: EngagementRecord, reason: string): Promise<EngagementAnswer> {
    const recorded = await this.scores.recordEngagement(e);
    if (!recorded) return { recorded: false, duplicate: true, rescored: false };
    const current = await this.scores.scoreOf(e.campaignId, e.leadId);
    return { recorded: true, duplicate: false, rescored: false, reason, ...(current ? { score: current.score, tier: current.tier } : {}) };
  }
}
