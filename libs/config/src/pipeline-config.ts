import { z } from 'zod';
import { env, readConfig } from './env.js';
import type { DailyPipelineInput, StageSetting } from '#libs/contracts';

/** Pipeline timing and stage switches, read by whoever creates the schedule or starts a run. */
export const pipelineEnvSchema = z.object({
  PIPELINE_TIME_ZONE: env.timeZone('UTC'),
  PIPELINE_HARVEST_AT: env.localTime('02:00'),
  PIPELINE_HARVEST_ENABLED: env.bool(true),
  PIPELINE_SCORE_AT: env.localTime('03:00'),
  PIPELINE_SCORE_ENABLED: env.bool(true),
  PIPELINE_QUALIFY_AT: env.localTime('04:00'),
  PIPELINE_QUALIFY_ENABLED: env.bool(true),
  PIPELINE_ROUTE_AT: env.localTime('05:00'),
  PIPELINE_ROUTE_ENABLED: env.bool(true),
  PIPELINE_NURTURE_AT: env.localTime('06:00'),
  PIPELINE_NURTURE_ENABLED: env.bool(true),
  /** How far back a schedule that was down catches up missed runs. */
  PIPELINE_CATCHUP_WINDOW: z.string().regex(/^\d+(s|m|h|d)$/, 'must be a duration such as 1d or 6h').default('1d'),
  PIPELINE_SCHEDULE_PAUSED: env.bool(false),
});
export type PipelineEnv = z.infer<typeof pipelineEnvSchema>;

export function readPipelineConfig(component: string, source: NodeJS.ProcessEnv = process.env): PipelineEnv {
  return readConfig(component, pipelineEnvSchema, source);
}

export function pipelineStages(cfg: PipelineEnv): Required<DailyPipelineInput['stages']> {
  const stage = (enabled: boolean, at: string): StageSetting => ({ enabled, at });
  return {
    harvest: stage(cfg.PIPELINE_HARVEST_ENABLED, cfg.PIPELINE_HARVEST_AT),
    score: stage(cfg.PIPELINE_SCORE_ENABLED, cfg.PIPELINE_SCORE_AT),
    qualify: stage(cfg.PIPELINE_QUALIFY_ENABLED, cfg.PIPELINE_QUALIFY_AT),
    route: stage(cfg.PIPELINE_ROUTE_ENABLED, cfg.PIPELINE_ROUTE_AT),
    nurture: stage(cfg.PIPELINE_NURTURE_ENABLED, cfg.PIPELINE_NURTURE_AT),
  };
}

/** "02:00" → { hour: 2, minute: 0 } */
export function parseLocalTime(hhmm: string): { hour: number; minute: number } {
  const [hour, minute] = hhmm.split(':').map(Number);
  return { hour, minute };
}
