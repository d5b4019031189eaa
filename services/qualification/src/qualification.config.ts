import { z } from 'zod';
import { ConfigError, env, readConfig } from '#libs/config';
import { DnsCheckConfigError, resolveDomainMailCheckOptions, splitDnsServerList, type DomainMailCheckOptions } from '#libs/dns-check';
import { internalTokenRequired, stagePageSize, stageServiceEnv } from '#libs/service-runtime';

const COMPONENT = 'qualification';

export const qualificationEnvSchema = z.object({
  ...stageServiceEnv('QUALIFICATION', 3030),
  /** Harvest serves the lead facts this stage judges. */
  HARVEST_URL: env.url().default('http://127.0.0.1:3010'),
  /** Nurture owns the global suppression list; qualification asks it once per page of leads. */
  NURTURE_URL: env.url().default('http://127.0.0.1:3050'),
  /** Leads per page read from harvest and judged in one set-based round. */
  QUALIFICATION_PAGE_SIZE: stagePageSize(5000),
  /** Resolvers for MX checks, `ip` or `ip:port`, comma or space separated; unset means the system resolver. */
  QUALIFY_DNS_SERVERS: z.string().optional(),
  QUALIFY_DNS_TIMEOUT_MS: env.positiveInt(2000),
  /** DNS queries in flight at once. */
  QUALIFY_DNS_CONCURRENCY: env.positiveInt(64),
}).check(internalTokenRequired);

export type QualificationEnv = z.infer<typeof qualificationEnvSchema>;
export type QualificationConfig = QualificationEnv & { dns: DomainMailCheckOptions };
export const QUALIFICATION_CONFIG = Symbol('QUALIFICATION_CONFIG');

/** Which env key carries each DomainMailCheck option, so a bad resolver entry is reported by the key an operator sets. */
const ENV_KEY_OF_DNS_OPTION: Readonly<Record<string, keyof QualificationEnv>> = {
  servers: 'QUALIFY_DNS_SERVERS',
  timeoutMs: 'QUALIFY_DNS_TIMEOUT_MS',
  concurrency: 'QUALIFY_DNS_CONCURRENCY',
};

/**
 * Env → config. The DNS options are checked by dns-check's own validator (the one DomainMailCheck runs), and its
 * issues join the env problems under the env key, naming the bad entry: `QUALIFY_DNS_SERVERS: entry 2: "dns.google"
 * is not an IP address…`.
 */
export function readQualificationConfig(source: NodeJS.ProcessEnv = process.env): QualificationConfig {
  const problems: Array<{ key: string; message: string }> = [];
  let base: QualificationEnv | undefined;
  try {
    base = readConfig(COMPONENT, qualificationEnvSchema, source);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.push(...err.problems);
  }
  // Checked even when other keys are bad, so one boot lists every problem.
  const shape = qualificationEnvSchema.shape;
  const timeout = shape.QUALIFY_DNS_TIMEOUT_MS.safeParse(source.QUALIFY_DNS_TIMEOUT_MS);
  const concurrency = shape.QUALIFY_DNS_CONCURRENCY.safeParse(source.QUALIFY_DNS_CONCURRENCY);
  const dns: DomainMailCheckOptions = {
    servers: splitDnsServerList(source.QUALIFY_DNS_SERVERS),
    ...(timeout.success ? { timeoutMs: timeout.data } : {}),
    ...(concurrency.success ? { concurrency: concurrency.data } : {}),
  };
  problems.push(...dnsConfigProblems(dns));
  if (problems.length > 0 || !base) throw new ConfigError(COMPONENT, problems);
  return { ...base, dns };
}

/** dns-check's validation issues as env problems; empty when the options are good. */
export function dnsConfigProblems(options: DomainMailCheckOptions): Array<{ key: string; message: string }> {
  try {
    resolveDomainMailCheckOptions(options);
    return [];
  } catch (err) {
    if (!(err instanceof DnsCheckConfigError)) throw err;
    return err.issues.map((issue) => {
      const entry = /^servers\[(\d+)\]$/.exec(issue.option);
      const option = entry ? 'servers' : issue.option;
      const key = ENV_KEY_OF_DNS_OPTION[option] ?? `QUALIFY_DNS (${issue.option})`;
      return { key, message: entry ? `entry ${Number(entry[1]) + 1}: ${issue.message}` : issue.message };
    });
  }
}
