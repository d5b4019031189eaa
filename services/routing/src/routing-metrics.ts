import { Inject, Injectable } from '@nestjs/common';
import { Counter, type Registry } from 'prom-client';
import { METRICS_REGISTRY } from '#libs/observability';

/** What an operator watches on /metrics: routing decisions by outcome, SLA timers and their results. */
@Injectable()
export class RoutingMetrics {
  readonly decisions: Counter<'outcome'>;
  readonly slaTimersStarted: Counter;
  readonly slaOutcomes: Counter<'action'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.decisions = new Counter({ name: 'routing_decisions_total', help: 'Leads routed, by outcome', labelNames: ['outcome'], registers: [registry] });
    this.slaTimersStarted = new Counter({ name: 'routing_sla_timers_started_total', help: 'Hot-lead SLA timers started in Temporal', registers: [registry] });
    this.slaOutcomes = new Counter({ name: 'routing_sla_outcomes_total', help: 'Expired hot-lead SLAs, by action taken', labelNames: ['action'], registers: [registry] });
  }
}
