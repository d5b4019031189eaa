import { z } from 'zod';

/** A process refused to start because its environment is invalid; lists every bad key at once. */
export class ConfigError extends Error {
  constructor(
    readonly component: string,
    readonly problems: ReadonlyArray<{ key: string; message: string }>,
  ) {
    super(
      `${component}: invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p.key}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/**
 * Validate `env` against a zod object schema of env keys. Unknown keys are ignored (the environment holds
 * much else); every invalid key is reported, not just the first.
 */
export function readConfig<S extends z.ZodObject>(
  component: string,
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({
    key: issue.path.map(String).join('.') || '(environment)',
    message: describe(issue, env),
  }));
  throw new ConfigError(component, problems);
}

function describe(issue: z.core.$ZodIssue, env: NodeJS.ProcessEnv): string {
  const key = String(issue.path[0] ?? '');
  const value = env[key];
  const shown = value === undefined ? 'not set' : `got ${JSON.stringify(value.length > 60 ? value.slice(0, 60) + '…' : value)}`;
  return `${issue.message} (${shown})`;
}

/** Reusable env field parsers. Env values are strings; these turn them into typed values with clear errors. */
export const env = {
  port: (fallback: number) =>
    z.coerce.number({ message: 'must be a TCP port number' }).int('must be a whole number').min(1, 'must be 1-65535').max(65535, 'must be 1-65535').default(fallback),
  positiveInt: (fallback: number) =>
    z.coerce.number({ message: 'must be a number' }).int('must be a whole number').positive('must be greater than 0').default(fallback),
  bool: (fallback: boolean) =>
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
      .default(fallback ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1' || v === 'yes'),
  url: () => z.string().url('must be a URL such as http://host:port'),
  postgresUrl: () =>
    z.string().regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// or postgresql:// URL'),
  hostPort: (fallback: string) => z.string().regex(/^[^\s:]+:\d{1,5}$/, 'must be host:port').default(fallback),
  timeZone: (fallback: string) =>
    z
      .string()
      .default(fallback)
      .refine((tz) => isValidTimeZone(tz), 'must be an IANA time zone such as Europe/Berlin'),
  localTime: (fallback: string) =>
    z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a local time HH:MM (24h)').default(fallback),
  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
};

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
