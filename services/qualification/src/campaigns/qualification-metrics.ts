import { Counter, type Registry } from 'prom-client';
import type { StageCounts } from '../results/page-judgement.js';

/** Prometheus counters of what the stage decided, by decision and email verdict, and how much it skipped. */
export class QualificationMetrics {
  private readonly decisions: Counter<'decision'>;
  private readonly verdicts: Counter<'verdict'>;
  private readonly unchanged: Counter;

  constructor(registry: Registry) {
    this.decisions = new Counter({ name: 'qualification_lead_decisions_total', help: 'Leads looked at, by current decision', labelNames: ['decision'], registers: [registry] });
    this.verdicts = new Counter({ name: 'qualification_email_verdicts_total', help: 'Leads looked at, by current email verdict', labelNames: ['verdict'], registers: [registry] });
    this.unchanged = new Counter({ name: 'qualification_leads_unchanged_total', help: 'Leads whose stored judgement still held', registers: [registry] });
  }

  record(c: StageCounts): void {
    this.decisions.inc({ decision: 'qualified' }, c.qualified);
    this.decisions.inc({ decision: 'rejected' }, c.rejected);
    this.decisions.inc({ decision: 'needs_review' }, c.needsReview);
    this.verdicts.inc({ verdict: 'valid' }, c.valid);
    this.verdicts.inc({ verdict: 'risky' }, c.risky);
    this.verdicts.inc({ verdict: 'invalid' }, c.invalid);
    this.unchanged.inc(c.unchanged);
  }
}
