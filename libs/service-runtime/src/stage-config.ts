import { z } from 'zod';
import { env } from '#libs/config';
import { STAGE_PAGE_MAX } from '#libs/contracts';
import { serviceGuardEnv } from './service-guard.js';

type ListenKeys<P extends string> = Record<`${P}_PORT`, ReturnType<typeof env.port>> & Record<`${P}_HOST`, z.ZodDefault<z.ZodString>>;

/**
 * The env keys every stage service reads, to spread into its own schema: the database, Temporal, where it
 * listens (`<PREFIX>_PORT`, `<PREFIX>_HOST`), how it logs, and its protection (serviceGuardEnv; add
 * `.check(internalTokenRequired)` to the schema).
 */
export function stageServiceEnv<P extends string>(prefix: P, defaultPort: number) {
  const listen = { [`${prefix}_PORT`]: env.port(defaultPort), [`${prefix}_HOST`]: z.string().default('127.0.0.1') } as ListenKeys<P>;
  return {
    DATABASE_URL: env.postgresUrl(),
    TEMPORAL_ADDRESS: env.hostPort('127.0.0.1:7233'),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    ...listen,
    LOG_LEVEL: env.logLevel(),
    ...serviceGuardEnv(prefix),
  };
}

/** Leads per page of a stage run: at most what a stage's internal routes serve in one page. */
export function stagePageSize(fallback: number) {
  return env.positiveInt(fallback).refine((n) => n <= STAGE_PAGE_MAX, `must be at most ${STAGE_PAGE_MAX} (a stage page)`);
}
