/**
 * Signals many workflows, a bounded number at a time, each retried with backoff; what still failed is reported
 * by id (the caller answers it and logs it), never dropped. A workflow that is not running (finished, or not
 * started yet) is counted apart: the database state already tells it what to do when it asks.
 */
export type SignalAnswer = 'signalled' | 'not-running';

export interface FanoutOptions {
  concurrency: number;
  attempts: number;
  /** First retry delay; doubles each attempt. */
  backoffMs: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface FanoutResult {
  attempted: number;
  signalled: number;
  notRunning: number;
  failed: Array<{ workflowId: string; attempts: number; error: string }>;
}

export async function signalEach(workflowIds: readonly string[], send: (workflowId: string) => Promise<SignalAnswer>, o: FanoutOptions): Promise<FanoutResult> {
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const result: FanoutResult = { attempted: workflowIds.length, signalled: 0, notRunning: 0, failed: [] };
  let next = 0;
  const worker = async () => {
    while (next < workflowIds.length) {
      const id = workflowIds[next++]!;
      for (let attempt = 1; ; attempt++) {
        try {
          const answer = await send(id);
          if (answer === 'signalled') result.signalled++;
          else result.notRunning++;
          break;
        } catch (err) {
          if (attempt >= o.attempts) {
            result.failed.push({ workflowId: id, attempts: attempt, error: (err as Error)?.message ?? String(err) });
            break;
          }
          await sleep(o.backoffMs * 2 ** (attempt - 1));
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(o.concurrency, workflowIds.length)) }, worker));
  result.failed.sort((a, b) => a.workflowId.localeCompare(b.workflowId));
  return result;
}
