/**
 * Country codes in every kind of rule set: ISO 3166-1 alpha-2, accepted in any case and kept in upper case,
 * as leads store them, so `de` in a rule matches a German lead wherever the rule is written.
 */
import { z } from 'zod';
import { describeValue } from './show-value.js';

const CODE = /^[A-Za-z]{2}$/;

export function isCountryCode(value: unknown): value is string {
  return typeof value === 'string' && CODE.test(value.trim());
}

export function normaliseCountryCode(code: string): string {
  return code.trim().toUpperCase();
}

export function countryCodeMessage(value: unknown): string {
  return `must be an ISO 3166-1 alpha-2 country code such as "DE" (got ${describeValue(value)})`;
}

/** The zod schema every kind uses for a country code: the same message everywhere, upper case out. */
export function countryCodeSchema(): z.ZodType<string, unknown> {
  return z
    .unknown()
    .refine(isCountryCode, { error: (issue) => countryCodeMessage(issue.input) })
    .transform((code) => normaliseCountryCode(code as string));
}
