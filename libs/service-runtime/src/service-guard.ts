import { z } from 'zod';
import type { INestApplication } from '@nestjs/common';
import type { Request } from 'express';
import { OPEN_SERVICE_PATHS, addressRateLimit, defaultAllowedHosts, hostAllowlist, internalTokenGuard, parseAllowedHosts, securityHeaders, type AllowedHost } from '#libs/http-api';
import type { Logger } from '#libs/logging';

/** For a service with an API document: its operations declare the allowlist's 421 (see guardService). */
export { declareMisdirectedRequest } from '#libs/http-api';

type GuardKeys<P extends string> = {
  INTERNAL_API_TOKEN: z.ZodOptional<z.ZodString>;
  NODE_ENV: z.ZodOptional<z.ZodString>;
  AICMO_ENV: z.ZodOptional<z.ZodString>;
} & Record<`${P}_ALLOWED_HOSTS`, z.ZodOptional<z.ZodString>>;

/**
 * The env keys of a service's own protection, to spread into its schema (and check with `internalTokenRequired`):
 * the shared token internal calls carry (`INTERNAL_API_TOKEN`) and the `Host` names it answers (`<PREFIX>_ALLOWED_HOSTS`,
 * comma-separated host or host:port; unset = loopback and its own host on its port).
 */
export function serviceGuardEnv<P extends string>(prefix: P): GuardKeys<P> {
  return {
    INTERNAL_API_TOKEN: z.string().min(16, 'must be at least 16 characters (e.g. `openssl rand -hex 32`)').optional(),
    NODE_ENV: z.string().optional(),
    AICMO_ENV: z.string().optional(),
    [`${prefix}_ALLOWED_HOSTS`]: z
      .string()
      .refine((v) => allowedHostsProblem(v) === null, { error: (issue) => allowedHostsProblem(String(issue.input)) ?? 'invalid' })
      .optional(),
  } as GuardKeys<P>;
}

/** Development is the default; NODE_ENV=production or any AICMO_ENV other than "development" is not. */
export function isDevelopment(source: { NODE_ENV?: unknown; AICMO_ENV?: unknown }): boolean {
  const aicmoEnv = typeof source.AICMO_ENV === 'string' && source.AICMO_ENV !== '' ? source.AICMO_ENV : 'development';
  return source.NODE_ENV !== 'production' && aicmoEnv === 'development';
}

/**
 * Add to a schema with `serviceGuardEnv`: outside development a missing INTERNAL_API_TOKEN is a config error, listed
 * with every other bad key (it runs even when other keys failed).
 */
export const internalTokenRequired = z.superRefine<Record<string, unknown>>(
  (cfg, ctx) => {
    if (typeof cfg.INTERNAL_API_TOKEN === 'string' || isDevelopment(cfg)) return;
    ctx.addIssue({
      code: 'custom',
      path: ['INTERNAL_API_TOKEN'],
      message: 'required outside development (NODE_ENV=production or AICMO_ENV set): the same secret on every service, e.g. `openssl rand -hex 32`',
    });
  },
  { when: () => true },
);

export interface ServiceGuardOptions {
  name: string;
  port: number;
  host: string;
  config: Record<string, unknown> & { INTERNAL_API_TOKEN?: string };
  /** The env prefix of the service's own keys (`HARVEST` → HARVEST_ALLOWED_HOSTS). */
  prefix: string;
  log: Logger;
  /** Stage services and harvest: every route but the probes and metrics needs the internal token. */
  internalOnly: boolean;
  /** Public routes limited per client address (the API's web forms), and how many requests a client may make. */
  addressLimit?: { applies: (req: Request) => boolean; burst: number; perMinute: number };
  /** Express "trust proxy": whose X-Forwarded-For names the client address; unset trusts no proxy. */
  trustProxy?: string;
  /**
   * Exact paths that skip the internal token because their handler checks a credential of its own (the engagement
   * webhooks: SendGrid's signature, the Inbound Parse secret). Each must be covered by a test that forges it.
   */
  ownCredentialPaths?: readonly string[];
}

/**
 * Installs, before any route or body parser: security headers on every response, the `Host` allowlist (421) and, on
 * an internal service, the internal token check (401). Without a token (development only) internal routes stay open.
 */
export function guardService(app: INestApplication, o: ServiceGuardOptions): void {
  app.use(securityHeaders());
  const list = o.config[`${o.prefix}_ALLOWED_HOSTS`];
  const allowed: AllowedHost[] = typeof list === 'string' && list.trim() ? parseAllowedHosts(list) : defaultAllowedHosts(o.port, o.host);
  app.use(hostAllowlist(allowed, OPEN_SERVICE_PATHS));
  if (o.trustProxy) app.getHttpAdapter().getInstance().set('trust proxy', trustProxyValue(o.trustProxy));
  if (o.addressLimit) app.use(addressRateLimit(o.addressLimit.applies, o.addressLimit));
  if (!o.internalOnly) return;
  if (o.config.INTERNAL_API_TOKEN) app.use(internalTokenGuard(o.config.INTERNAL_API_TOKEN, [...OPEN_SERVICE_PATHS, ...(o.ownCredentialPaths ?? [])]));
  else o.log.warn(`${o.name}: INTERNAL_API_TOKEN is not set, so its internal routes answer any caller (development only)`);
}

function allowedHostsProblem(value: string): string | null {
  try {
    parseAllowedHosts(value);
    return null;
  } catch (err) {
    return `must be comma-separated host or host:port entries: ${(err as Error).message}`;
  }
}

/** "2" → 2 hops, "true" → every proxy, anything else (names, CIDRs) as Express reads it. */
function trustProxyValue(value: string): number | boolean | string {
  if (/^\d+$/.test(value)) return Number(value);
  if (value === 'true' || value === 'false') return value === 'true';
  return value;
}
