import { type Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy, type ScheduleOptions } from '@temporalio/client';
import { defineSearchAttributeKey } from '@temporalio/common';
import { PIPELINE_SCHEDULE_ID, SearchAttribute, dailyPipelineWorkflow, type DailyPipelineInput } from '#libs/contracts';
import { parseLocalTime, pipelineStages, type PipelineEnv } from '#libs/config';
import { scheduledStart } from './typed-workflows.js';

const triggerKey = defineSearchAttributeKey(SearchAttribute.PipelineTrigger.name, 'KEYWORD');

/** The schedule fires once a day at the first enabled stage's local time; later stages wait inside the run. */
export function dailyPipelineScheduleOptions(cfg: PipelineEnv): ScheduleOptions {
  const stages = pipelineStages(cfg);
  const first = Object.values(stages).find((s) => s.enabled) ?? stages.harvest;
  const { hour, minute } = parseLocalTime(first.at);
  const input: DailyPipelineInput = { trigger: 'schedule', stages, timeZone: cfg.PIPELINE_TIME_ZONE, runImmediately: false };
  return {
    scheduleId: PIPELINE_SCHEDULE_ID,
    spec: { calendars: [{ hour, minute, comment: `daily pipeline at ${first.at}` }], timezone: cfg.PIPELINE_TIME_ZONE },
    action: scheduledStart(dailyPipelineWorkflow, {
      workflowId: 'daily-pipeline/scheduled',
      args: [input],
      typedSearchAttributes: [{ key: triggerKey, value: 'schedule' }],
    }),
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: cfg.PIPELINE_CATCHUP_WINDOW, pauseOnFailure: false },
    state: { paused: cfg.PIPELINE_SCHEDULE_PAUSED, note: cfg.PIPELINE_SCHEDULE_PAUSED ? 'paused by PIPELINE_SCHEDULE_PAUSED' : undefined },
  };
}

/** Create the schedule, or bring an existing one in line with the current config. Safe to call on every boot. */
export async function upsertDailyPipelineSchedule(client: Client, cfg: PipelineEnv): Promise<'created' | 'updated'> {
  const options = dailyPipelineScheduleOptions(cfg);
  try {
    await client.schedule.create(options);
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    const handle = client.schedule.getHandle(options.scheduleId);
    await handle.update((previous) => ({ ...previous, spec: options.spec, action: options.action, policies: options.policies, state: { ...previous.state, paused: options.state?.paused ?? false } }) as never);
    return 'updated';
  }
}
