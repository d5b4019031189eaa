import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** What an operator watches of the drain on /metrics: throughput, outcomes, backlog age and signal latency. */
export class SignallerMetrics {
  readonly drained: Counter;
  readonly applied: Counter;
  readonly parked: Counter;
  readonly retried: Counter<'cause'>;
  readonly signalled: Counter<'signal'>;
  /** Received (webhook commit) → signal accepted by Temporal. */
  readonly signalLatency: Histogram;

  constructor(registry: Registry, oldestPendingAge: () => Promise<number | null>) {
    const registers = [registry];
    this.drained = new Counter({ name: 'engagement_signaller_drained_total', help: 'Inbox rows taken from the queue (each attempt)', registers });
    this.applied = new Counter({ name: 'engagement_signaller_applied_total', help: 'Inbox rows with every effect applied', registers });
    this.parked = new Counter({ name: 'engagement_signaller_parked_total', help: 'Inbox rows parked for a person (no known enrolment)', registers });
    this.retried = new Counter({ name: 'engagement_signaller_retried_total', help: 'Inbox rows put back after a failure, by cause', labelNames: ['cause'], registers });
    this.signalled = new Counter({ name: 'engagement_signals_total', help: 'Workflow signals sent, by signal (workflow-not-running included)', labelNames: ['signal'], registers });
    this.signalLatency = new Histogram({
      name: 'engagement_signal_latency_seconds',
      help: 'From the event reaching the inbox to its signal reaching Temporal',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800],
      registers,
    });
    new Gauge({
      name: 'engagement_inbox_oldest_pending_age_seconds',
      help: 'Age of the oldest inbox row not yet applied (0 when none waits)',
      registers,
      async collect() {
        this.set((await oldestPendingAge().catch(() => null)) ?? 0);
      },
    });
  }
}
