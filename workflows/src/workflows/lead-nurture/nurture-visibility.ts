import { upsertSearchAttributes } from '@temporalio/workflow';
import { SearchAttribute, type LeadNurtureInput, type NurtureProgress } from '#libs/contracts';
import type { NurtureState } from './nurture-state.js';

/**
 * What the outside sees of an enrolment: the search attributes the Web UI filters on and the enrolment row the
 * API reads (through the `recordProgress` activity). Both are written only when something in them changed, so
 * a wait that is re-planned without news adds nothing to the history.
 */
export class NurtureVisibility {
  private attributesKey: string | null = null;
  private progressKey: string | null = null;

  constructor(
    private readonly input: LeadNurtureInput,
    private readonly record: (progress: NurtureProgress) => Promise<void>,
  ) {}

  async publish(state: NurtureState, now: number): Promise<void> {
    const s = state.snapshot();
    const attributes = {
      [SearchAttribute.LeadId.name]: [this.input.leadId],
      [SearchAttribute.CampaignId.name]: [this.input.campaignId],
      [SearchAttribute.Tier.name]: [this.input.tier],
      [SearchAttribute.SequenceStep.name]: [s.currentStep],
      [SearchAttribute.NextSendAt.name]: s.nextWakeAt ? [new Date(s.nextWakeAt)] : [],
      [SearchAttribute.NurtureStatus.name]: [s.status],
    };
    const attributesKey = JSON.stringify(attributes);
    if (attributesKey !== this.attributesKey) {
      this.attributesKey = attributesKey;
      upsertSearchAttributes(attributes);
    }
    const progress: NurtureProgress = {
      enrolmentId: this.input.enrolmentId,
      status: s.status,
      currentStep: s.currentStep,
      nextSendAt: s.nextWakeAt,
      holdReason: s.holdReason,
      lastDecision: s.lastDecision?.what ?? null,
      at: new Date(now).toISOString(),
    };
    const progressKey = JSON.stringify({ ...progress, at: null });
    if (progressKey === this.progressKey) return;
    this.progressKey = progressKey;
    await this.record(progress);
  }
}
