import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { NurtureStatusName, StepPlan, StepPlanInput } from '#libs/contracts';
import { LeadFactsClient } from '#libs/stage-clients';
import { SUPPRESSED_SQL } from '../admission/enrolment-admission.js';
import { SequenceStore } from '../definitions/sequence-store.js';
import { SettingsStore } from '../definitions/settings-store.js';
import { NurtureError } from '../nurture-errors.js';
import { planStep } from './step-plan.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The `planStep` activity: reads the enrolment, its pinned sequence, the campaign and the lead, then planStep(). */
@Injectable()
export class StepPlanner {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly settings: SettingsStore,
    private readonly sequences: SequenceStore,
    @Inject(LeadFactsClient) private readonly facts: LeadFactsClient,
  ) {}

  async plan(input: StepPlanInput): Promise<StepPlan> {
    checkedInput(input);
    const [row]: Array<{ id: string; campaign_id: string; lead_id: string; status: NurtureStatusName; last_decision: string | null; sequence_id: string; sequence_version: number | null; suppressed: boolean }> =
      await this.db.query(
        `SELECT e.id, e.campaign_id, e.lead_id, e.status, e.last_decision, e.sequence_id, e.sequence_version, ${SUPPRESSED_SQL('e.email')} AS suppressed
         FROM nurture.enrolments e WHERE e.id = $1`,
        [input.enrolmentId.toLowerCase()],
      );
    if (!row) return planStep({ enrolment: null, settings: await this.settings.get('unknown'), sequence: null, lead: null, suppressed: false, step: input.step });
    const [settings, sequence] = await Promise.all([
      this.settings.get(row.campaign_id),
      row.sequence_version === null ? Promise.resolve(null) : this.sequences.find(this.db.manager, row.campaign_id, row.sequence_id, row.sequence_version),
    ]);
    // Harvest is asked only when a send is possible at all: a stopped or finished enrolment needs no lead.
    const needsLead = sequence !== null && input.step < sequence.steps.length && settings.state !== 'stopped' && !row.suppressed;
    const lead = needsLead ? ((await this.facts.byIds([row.lead_id]))[0] ?? null) : null;
    return planStep({
      enrolment: { id: row.id, status: row.status, lastDecision: row.last_decision, sequenceId: row.sequence_id, sequenceVersion: row.sequence_version },
      settings,
      sequence,
      lead: lead ? { timeZone: lead.timeZone, country: lead.country, region: (lead as { region?: string | null }).region ?? null } : null,
      suppressed: row.suppressed,
      step: input.step,
    });
  }
}

function checkedInput(input: StepPlanInput): void {
  const problems: Array<{ field: string; message: string }> = [];
  if (typeof input?.enrolmentId !== 'string' || !UUID.test(input.enrolmentId)) problems.push({ field: 'enrolmentId', message: 'enrolmentId must be an enrolment id (a UUID)' });
  if (!Number.isInteger(input?.step) || input.step < 0) problems.push({ field: 'step', message: 'step must be a whole number ≥ 0' });
  if (typeof input?.now !== 'string' || Number.isNaN(Date.parse(input.now))) problems.push({ field: 'now', message: 'now must be an ISO time' });
  if (problems.length > 0) throw new NurtureError('invalid_request', `invalid step plan input: ${problems.map((p) => p.message).join('; ')}`, problems);
}
