import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fromSource } from '../../bundle-from-source.mjs';

// The bundler compiles the TypeScript sources itself, so this guards the code as written, not a stale build.
// Replay failures are asserted below; the SDK's own info lines would only clutter the test output.
Runtime.install({ logger: new DefaultLogger('WARN') });

const workflowsPath = fileURLToPath(new URL('./index.ts', import.meta.url));
const historiesDir = new URL('../../test/histories/', import.meta.url);

function histories(sub: string) {
  const dir = new URL(sub, historiesDir);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ workflowId: file.replace(/\.json$/, ''), history: historyFromJSON(JSON.parse(readFileSync(new URL(file, dir), 'utf8'))) }));
}

async function replayAll(sub: string, only?: string[]) {
  const results: Array<{ workflowId: string; error?: Error }> = [];
  const chosen = histories(sub).filter((h) => !only || only.includes(h.workflowId));
  for await (const r of Worker.runReplayHistories({ workflowsPath, bundlerOptions: { webpackConfigHook: fromSource } }, chosen)) results.push({ workflowId: r.workflowId, error: r.error });
  return results;
}

interface RawEvent {
  eventId: string;
  eventType: string;
  activityTaskScheduledEventAttributes?: { activityType: { name: string } };
  activityTaskCompletedEventAttributes?: { scheduledEventId: string };
  markerRecordedEventAttributes?: { markerName: string; details?: Record<string, { payloads: Array<{ data: string }> }> };
}

function rawEvents(name: string): RawEvent[] {
  return JSON.parse(readFileSync(new URL(`${name}.json`, historiesDir), 'utf8')).events;
}

/** The patches a run recorded (`patched()` markers). */
function patchIds(events: RawEvent[]): string[] {
  return events
    .filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch')
    .map((e) => JSON.parse(Buffer.from(e.markerRecordedEventAttributes!.details!['patch-data'].payloads[0].data, 'base64').toString()).id);
}

/** When the score stage's activities were scheduled and completed, in history order. */
function scoringTimeline(events: RawEvent[]): string[] {
  const scoring = new Set(events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType.name === 'scoreCampaign').map((e) => e.eventId));
  return events.flatMap((e) =>
    scoring.has(e.eventId) ? ['scheduled'] : e.activityTaskCompletedEventAttributes && scoring.has(e.activityTaskCompletedEventAttributes.scheduledEventId) ? ['completed'] : [],
  );
}

describe('workflow replay over committed histories', () => {
  // Bundling the workflow code with webpack takes a few seconds per replay run.
  it('replays every recorded pipeline, hot-lead SLA, import and nurture history without non-determinism', async () => {
    const results = await replayAll('');
    expect(results.map((r) => r.workflowId)).toEqual([
      'daily-pipeline-all-stages',
      'daily-pipeline-completed',
      'daily-pipeline-degraded',
      'daily-pipeline-drop-folder-sweep',
      // Three campaigns judged side by side, and the same run recorded before that change (see below).
      'daily-pipeline-judging-concurrently',
      'daily-pipeline-judging-one-at-a-time',
      // Scheduled runs on the time-skipping test server (workflows/test/): stage timers, and a late catch-up.
      'daily-pipeline-late-catch-up',
      // The nurture stage starting one leadNurture child per admitted lead (workflows/test/pipeline-nurture-stage.spec.ts).
      'daily-pipeline-nurture-stage',
      'daily-pipeline-scheduled-stage-times',
      'daily-pipeline-skipped-stage',
      // Runs recorded before score, qualify and route existed: runs in flight at an upgrade must finish.
      'harvest-only-daily-pipeline-completed',
      'harvest-only-daily-pipeline-degraded',
      'harvest-only-daily-pipeline-drop-folder-sweep',
      'hot-lead-sla-expired',
      // The new owner's run touched in time, and the untouched lead reassigned (ends in continue-as-new).
      'hot-lead-sla-reassigned-then-touched',
      'hot-lead-sla-reassigned',
      'hot-lead-sla-touched',
      // One import per file (integration spec import-crash): resumed after a SIGKILL, cancelled, unreadable.
      'lead-import-cancelled',
      'lead-import-completed',
      'lead-import-resumed-after-kill',
      'lead-import-unreadable-file',
      // Nurture sequences on the time-skipping server (workflows/test/lead-nurture.spec.ts): every way one ends or
      // waits, and a run that continued as new (its first run, ending in the hand-over). Engagement signal paths
      // come from workflows/test/lead-nurture-engagement.spec.ts.
      'lead-nurture-clicked',
      'lead-nurture-colleague-stop',
      'lead-nurture-completed',
      'lead-nurture-continued-as-new',
      'lead-nurture-hard-bounce',
      'lead-nurture-held-by-cap',
      'lead-nurture-held-by-holiday',
      'lead-nurture-machine-open',
      'lead-nurture-opened',
      'lead-nurture-out-of-office-replied',
      'lead-nurture-out-of-office',
      'lead-nurture-paused-resumed',
      'lead-nurture-replied',
      'lead-nurture-soft-bounce',
      'lead-nurture-spam-report',
      'lead-nurture-suppressed-mid-sequence',
      'lead-nurture-unsubscribed',
    ]);
    for (const r of results) expect({ workflowId: r.workflowId, error: r.error?.message }).toEqual({ workflowId: r.workflowId, error: undefined });
  }, 60_000);

  // The deliberate change of docs/decisions/0009-workflow-versioning.md: judging stages went from one campaign at a
  // time to several at once, behind patched('judging-campaigns-concurrently').
  it('replays a run recorded before judging went concurrent, as well as one recorded after', async () => {
    const before = rawEvents('daily-pipeline-judging-one-at-a-time');
    const after = rawEvents('daily-pipeline-judging-concurrently');
    // The old run goes through the changed code: three campaigns, each scored only after the one before finished,
    // and no patch marker. The new run has the marker and scored all three at once. Each must replay down its own
    // branch (without the patched() call, the new run fails on its marker).
    expect(patchIds(before)).toEqual([]);
    expect(scoringTimeline(before)).toEqual(['scheduled', 'completed', 'scheduled', 'completed', 'scheduled', 'completed']);
    expect(patchIds(after)).toEqual(['judging-campaigns-concurrently']);
    expect(scoringTimeline(after)).toEqual(['scheduled', 'scheduled', 'scheduled', 'completed', 'completed', 'completed']);

    const results = await replayAll('', ['daily-pipeline-judging-one-at-a-time', 'daily-pipeline-judging-concurrently']);
    expect(results.map((r) => ({ workflowId: r.workflowId, error: r.error?.message }))).toEqual([
      { workflowId: 'daily-pipeline-judging-concurrently', error: undefined },
      { workflowId: 'daily-pipeline-judging-one-at-a-time', error: undefined },
    ]);
  }, 60_000);

  // Each nurture history must really go down the path its name says, or the corpus proves less than it claims.
  it('holds nurture histories that end, wait and hand over the way their names say', () => {
    const ending = (name: string) => {
      const last = rawEvents(name).at(-1) as RawEvent & { workflowExecutionCompletedEventAttributes?: { result: { payloads: Array<{ data: string }> } } };
      const result = last.workflowExecutionCompletedEventAttributes?.result.payloads[0].data;
      return result ? (JSON.parse(Buffer.from(result, 'base64').toString()) as { status: string }).status : last.eventType;
    };
    /** Every payload of a history, decoded: what the workflow sent its activities and search attributes. */
    const payloadText = (name: string) =>
      [...readFileSync(new URL(`${name}.json`, historiesDir), 'utf8').matchAll(/"data": "([A-Za-z0-9+/=]+)"/g)].map((m) => Buffer.from(m[1], 'base64').toString()).join('\n');
    expect(
      Object.fromEntries(
        ['completed', 'continued-as-new', 'hard-bounce', 'held-by-cap', 'held-by-holiday', 'paused-resumed', 'replied', 'spam-report', 'suppressed-mid-sequence', 'unsubscribed'].map((n) => [n, ending(`lead-nurture-${n}`)]),
      ),
    ).toEqual({
      completed: 'completed',
      'continued-as-new': 'EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW',
      'hard-bounce': 'bounced',
      'held-by-cap': 'completed',
      'held-by-holiday': 'completed',
      'paused-resumed': 'completed',
      replied: 'replied',
      'spam-report': 'opted-out',
      'suppressed-mid-sequence': 'suppressed',
      unsubscribed: 'opted-out',
    });
    expect(payloadText('lead-nurture-held-by-cap')).toContain('mailbox cap: 50/24 h reached');
    expect(payloadText('lead-nurture-held-by-holiday')).toContain('holiday: Día de la Constitución (ES)');
    expect(payloadText('lead-nurture-paused-resumed')).toContain('campaign paused: copy under review');
    expect(payloadText('daily-pipeline-nurture-stage')).toContain('"leadId":"lead-ana"');
  });

  // One history per engagement signal path, each holding that signal and ending the way the signal should end it.
  it('holds a nurture history for each engagement signal path, with its signal and the ending it leads to', () => {
    const signals = (name: string) =>
      (rawEvents(name) as Array<RawEvent & { workflowExecutionSignaledEventAttributes?: { signalName: string; input: { payloads: Array<{ data: string }> } } }>)
        .flatMap((e) => (e.workflowExecutionSignaledEventAttributes ? [e.workflowExecutionSignaledEventAttributes] : []))
        .map((a): Record<string, unknown> => ({ signal: a.signalName, ...(JSON.parse(Buffer.from(a.input.payloads[0].data, 'base64').toString()) as Record<string, unknown>) }));
    const result = (name: string) => {
      const last = rawEvents(name).at(-1) as RawEvent & { workflowExecutionCompletedEventAttributes: { result: { payloads: Array<{ data: string }> } } };
      const r = JSON.parse(Buffer.from(last.workflowExecutionCompletedEventAttributes.result.payloads[0].data, 'base64').toString()) as { status: string; counts: Record<string, number>; lastDecision: { what: string } };
      return { status: r.status, counts: r.counts, lastDecision: r.lastDecision.what };
    };
    const path = (name: string) => ({ signals: signals(`lead-nurture-${name}`).map((s) => ({ signal: s.signal, machine: s.machine, bounceType: s.bounceType, action: s.action })), ...result(`lead-nurture-${name}`) });
    const sig = (signal: string, extra: Record<string, unknown> = {}) => ({ signal, machine: undefined, bounceType: undefined, action: undefined, ...extra });

    expect(path('opened')).toMatchObject({ signals: [sig('opened', { machine: false })], status: 'completed', counts: { opens: 1, sent: 3 } });
    expect(path('machine-open')).toMatchObject({ signals: [sig('opened', { machine: true })], status: 'completed', counts: { opens: 0, machineOpens: 1, sent: 3 } });
    expect(path('clicked')).toMatchObject({ signals: [sig('clicked', { machine: false })], status: 'completed', counts: { clicks: 1, sent: 3 } });
    expect(path('soft-bounce')).toMatchObject({ signals: [sig('bounced', { bounceType: 'soft' })], status: 'completed', counts: { softBounces: 1, sent: 3 } });
    expect(path('hard-bounce')).toMatchObject({ signals: [sig('bounced', { bounceType: 'hard' })], status: 'bounced' });
    expect(path('unsubscribed')).toMatchObject({ signals: [sig('unsubscribed')], status: 'opted-out' });
    expect(path('spam-report')).toMatchObject({ signals: [sig('spamReported')], status: 'opted-out' });
    expect(path('replied')).toMatchObject({ signals: [sig('replied')], status: 'replied', counts: { replies: 1 } });
    expect(path('out-of-office')).toMatchObject({ signals: [sig('outOfOffice'), sig('outOfOffice')], status: 'completed', counts: { sent: 3 } });
    expect(path('out-of-office-replied')).toMatchObject({ signals: [sig('outOfOffice'), sig('replied')], status: 'replied', counts: { sent: 1, replies: 1 } });
    expect(path('colleague-stop')).toMatchObject({ signals: [sig('control', { action: 'stop' })], status: 'stopped', counts: { sent: 1 } });
    expect(path('colleague-stop').lastDecision).toBe('stopped: a colleague at rocket.example replied');
    // The out-of-office run waited: its two auto-replies and the pause until the later return date are in its payloads.
    const ooo = signals('lead-nurture-out-of-office').map((s) => s.until as string);
    expect(Date.parse(ooo[1])).toBeGreaterThan(Date.parse(ooo[0]));
    const payloads = [...readFileSync(new URL('lead-nurture-out-of-office.json', historiesDir), 'utf8').matchAll(/"data": "([A-Za-z0-9+/=]+)"/g)].map((m) => Buffer.from(m[1], 'base64').toString()).join('\n');
    expect(payloads).toContain(`out of office until ${ooo[1]}: leave extended`);
  });

  it('rejects a tampered history with a determinism violation', async () => {
    const results = await replayAll('tampered/');
    expect(results.map((r) => r.workflowId)).toEqual(['daily-pipeline-renamed-activity', 'lead-nurture-send-before-plan']);
    expect(results[0].error?.name).toBe('DeterminismViolationError');
    expect(results[0].error?.message).toContain("'harvestAllCampaigns' does not match activity type of activity command 'harvestCampaign'");
    // lead-nurture-completed.json with its first planStep turned into a sendStep: a send before any plan.
    expect(results[1].error?.name).toBe('DeterminismViolationError');
    expect(results[1].error?.message).toContain("'sendStep' does not match activity type of activity command 'planStep'");
  }, 60_000);
});
