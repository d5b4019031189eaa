import { z } from 'zod';
import { env, readConfig } from './env.js';
import type { DailyPipelineInput, StageSetting } from '../../contracts/src/index.js';

/** Pipeline timing and stage switches, read by whoever creates the schedule or starts a run. */
export const pipelineEnvSchema = z.object({
  PIPELINE_TIME_ZONE: env.timeZone('UTC'),
  PIPELINE_HARVEST_AT: env.localTime('02:00'),
  PIPELINE_HARVEST_ENABLED: env.bool(true),
  /** How far back a schedule that was down catches up missed runs. */
  PIPELINE_CATCHUP_WINDOW: z.string().regex(/^\d+(s|m|h|d)$/, 'must be a duration such as 1d or 6h').default('1d'),
  PIPELINE_SCHEDULE_PAUSED: env.bool(false),
});
export type PipelineEnv = z.infer<typeof pipelineEnvSchema>;

export function readPipelineConfig(component: string, source: NodeJS.ProcessEnv = process.env): PipelineEnv {
  return readConfig(component, pipelineEnvSchema, source);
}

export function pipelineStages(cfg: PipelineEnv): DailyPipelineInput['stages'] {
  const harvest: StageSetting = { enabled: cfg.PIPELINE_HARVEST_ENABLED, at: cfg.PIPELINE_HARVEST_AT };
  return { harvest };
}

/** "02:00" → { hour: 2, minute: 0 } */
export function parseLocalTime(hhmm: string): { hour: number; minute: number } {
  const [hour, minute] = hhmm.split(':').map(Number);
  return { hour, minute };
}
