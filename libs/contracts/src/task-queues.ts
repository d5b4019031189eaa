/** One task queue per process that hosts activities or workflows; names are part of the deployed contract. */
export const TaskQueue = {
  /** The workflow worker: the daily pipeline, imports, hot-lead SLAs and lead nurture. */
  workflows: 'aicmo-workflows',
  /** The harvest service's activities. */
  harvest: 'aicmo-harvest',
  /** The scoring service's activities. */
  scoring: 'aicmo-scoring',
  /** The qualification service's activities. */
  qualification: 'aicmo-qualification',
  /** The routing service's activities (and the hot-lead SLA's). */
  routing: 'aicmo-routing',
  /** The nurture service's activities: enrolment admission, step plans, exactly-once sends. */
  nurture: 'aicmo-nurture',
  /** The API service's activities: campaigns and the pipeline run history it owns. */
  campaigns: 'aicmo-campaigns',
} as const;
export type TaskQueue = (typeof TaskQueue)[keyof typeof TaskQueue];
