import type { DataSource } from 'typeorm';
import type { SendgridGateway } from './sendgrid-gateway.js';
import { rows } from './sql.js';

export interface SweepReport {
  asked: number;
  resolved: number;
}

/** Rows looked at per sweep; the rest wait for the next one (oldest claims first). */
const SWEEP_BATCH = 200;

/**
 * Re-asks SendGrid's Email Activity API about sends recorded `unknown` (its answers lag, and it may have been
 * unreachable), for a while after the claim; a definite find turns the row into `sent`. What is never found stays
 * `unknown` with its reason for a person: it is never sent again.
 */
export class UnknownSendSweeper {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<SweepReport> | null = null;

  constructor(
    private readonly db: DataSource,
    private readonly sendgrid: Pick<SendgridGateway, 'findByLedgerKey'>,
    private readonly o: { everySeconds: number; forHours: number; onError?: (err: unknown) => void },
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.sweepOnce().catch((err) => this.o.onError?.(err)), this.o.everySeconds * 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** One pass; overlapping calls share the pass in progress. */
  sweepOnce(): Promise<SweepReport> {
    this.running ??= this.sweep().finally(() => (this.running = null));
    return this.running;
  }

  private async sweep(): Promise<SweepReport> {
    const unknown = await rows<{ enrolment_id: string; step: number; ledger_key: string }>(
      this.db,
      `SELECT enrolment_id, step, ledger_key FROM nurture.send_ledger
        WHERE status = 'unknown' AND claimed_at > now() - make_interval(hours => $1) ORDER BY claimed_at LIMIT $2`,
      [this.o.forHours, SWEEP_BATCH],
    );
    let resolved = 0;
    for (const row of unknown) {
      const answer = await this.sendgrid.findByLedgerKey(row.ledger_key);
      if (answer.kind !== 'found') continue;
      const done = await rows(
        this.db,
        `UPDATE nurture.send_ledger SET status = 'sent', sent_at = clock_timestamp(), provider_message_id = $3,
                reason = 'found by the Email Activity sweep after being recorded unknown (' || coalesce(reason, 'no reason') || ')'
          WHERE enrolment_id = $1 AND step = $2 AND status = 'unknown' RETURNING 1`,
        [row.enrolment_id, row.step, answer.msgId],
      );
      resolved += done.length;
    }
    return { asked: unknown.length, resolved };
  }
}
