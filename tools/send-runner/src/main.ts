import { writeSync } from 'node:fs';
import { ApplicationFailure } from '@temporalio/common';
import { DataSource } from 'typeorm';
import type { SendStepInput, SendStepOutcome } from '#libs/contracts';
import { serviceDataSourceOptions } from '#libs/database';
import { LeadFactsClient } from '#libs/stage-clients';
import { ChaosCrash } from '../../../services/nurture/src/sending/chaos-crash.js';
import { SendgridGateway } from '../../../services/nurture/src/sending/sendgrid-gateway.js';
import { readSendingConfig } from '../../../services/nurture/src/sending/sending.config.js';
import { senderConfigOf, StepSender } from '../../../services/nurture/src/sending/step-sender.js';

/**
 * A test process for the caps-race and chaos specs (never started by npm start): it calls StepSender against the
 * real database and SendGrid stand-in the way the sendStep activity does on a worker, retrying a thrown attempt
 * as Temporal would (honouring nextRetryDelay), and asks its parent (IPC) for work until there is none.
 *
 *   parent → { job: { enrolmentId, step, threadMessageId, scheduledFor }, deferWithinMs } | { done: true }
 *   runner → { ready: true } | { result: { enrolmentId, step, outcome, attempts } }
 */

export interface RunnerJob {
  enrolmentId: string;
  step: number;
  threadMessageId: string | null;
}

export type RunnerToParent = { ready: true } | { result: { enrolmentId: string; step: number; outcome: SendStepOutcome; attempts: number } };
export type ParentToRunner = { job: RunnerJob; deferWithinMs: number } | { done: true };

const env = process.env;
const config = readSendingConfig(env);
const db = new DataSource(serviceDataSourceOptions({ url: env.DATABASE_URL!, schema: 'nurture', entities: [], migrations: [], applicationName: `send-runner-${process.pid}`, poolSize: 2 }));

function delayOf(err: unknown): number {
  const d = err instanceof ApplicationFailure ? err.nextRetryDelay : undefined;
  return typeof d === 'number' ? d : 250;
}

async function run(sender: StepSender, job: RunnerJob, deferWithinMs: number): Promise<{ outcome: SendStepOutcome; attempts: number }> {
  for (let attempts = 1; ; attempts++) {
    let outcome: SendStepOutcome;
    try {
      outcome = await sender.send({ ...job, scheduledFor: new Date().toISOString() } satisfies SendStepInput);
    } catch (err) {
      // A retryable failure: Temporal would run the activity again after the delay the failure asks for.
      await sleep(Math.min(delayOf(err), 5_000));
      continue;
    }
    const wait = outcome.kind === 'deferred' ? Date.parse(outcome.retryAt) - Date.now() : Infinity;
    if (wait > deferWithinMs) return { outcome, attempts };
    await sleep(Math.max(wait, 0) + 5);
  }
}

/** Names the crash point on stderr (synchronously: nothing runs after the signal) so the test can count them. */
function crashHere(point: string): void {
  writeSync(2, `crash-point:${point}\n`);
  process.kill(process.pid, 'SIGKILL');
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function main(): Promise<void> {
  await db.initialize();
  const sender = new StepSender(db, new LeadFactsClient(env.HARVEST_URL!, env.INTERNAL_API_TOKEN), new SendgridGateway(config), senderConfigOf(config), new ChaosCrash(config.NURTURE_CHAOS_CRASH_POINTS, Math.random, crashHere));
  process.on('message', (m: ParentToRunner) => {
    if ('done' in m) {
      void db.destroy().finally(() => process.exit(0));
      return;
    }
    void run(sender, m.job, m.deferWithinMs).then(
      ({ outcome, attempts }) => process.send!({ result: { enrolmentId: m.job.enrolmentId, step: m.job.step, outcome, attempts } } satisfies RunnerToParent),
      (err) => {
        console.error(`send-runner: ${String((err as Error)?.stack ?? err)}`);
        process.exit(1);
      },
    );
  });
  process.send!({ ready: true } satisfies RunnerToParent);
}

void main().catch((err) => {
  console.error(`send-runner failed: ${String((err as Error)?.stack ?? err)}`);
  process.exit(1);
});
