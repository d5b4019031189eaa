import { z } from 'zod';
import { CAMPAIGN_ID_PATTERN, COLLEAGUE_STOP_POLICIES, DEFAULT_CADENCE_DAYS } from '#libs/contracts';

/**
 * The shapes people define (libs/contracts/src/nurture.ts: SequenceDefinition, TemplateDefinition,
 * MailboxDefinition, NurtureSettings), checked with messages that finish a sentence starting with the field's
 * path: "steps[2].variants[0].weight must be ≥ 1". Checks that need data (templates that exist, Handlebars that
 * compiles, a window's ranges) run after these, in the services.
 */

const IDENT = /^[a-z0-9][a-z0-9-]{0,62}$/;
const VARIANT_ID = /^[a-z][a-z0-9-]{0,15}$/;
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9]{0,39}$/;
const OWNER_ID = /^[A-Za-z0-9][A-Za-z0-9._:@+-]{0,127}$/;
const VISIBLE = /^(?=[^]*\S)[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F]*$/;
// One address, plain: the mailbox sends from it; lead-intake's rules are for leads, not for our own senders.
const ADDRESS = /^[^\s@<>()",;:\\[\]]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Messages that read "<field> is required" when absent and "<field> must be …" otherwise. */
const expected = (what: string) => ({ error: (iss: { input: unknown }) => (iss.input === undefined ? 'is required' : `must be ${what}`) });

const whole = (min: number, max: number) =>
  z
    .number(expected('a whole number'))
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be ≥ ${min}` })
    .max(max, { error: `must be ≤ ${max}` });

const ident = (what: string) => z.string(expected(`a ${what} id`)).regex(IDENT, { error: `must be a ${what} id: 1-63 lower-case letters, digits or dashes` });
const visible = (max: number) =>
  z
    .string(expected('text'))
    .max(max, { error: `must be at most ${max} characters` })
    .regex(VISIBLE, { error: 'must be visible text without control characters' });

export const variantSchema = z.strictObject(
  {
    id: z.string(expected('a variant id')).regex(VARIANT_ID, { error: 'must be a variant id such as a or b' }),
    templateId: ident('template'),
    weight: whole(1, 1000),
  },
  expected('an object { id, templateId, weight }'),
);

export const stepSchema = z.strictObject(
  {
    businessDays: whole(0, 365).optional(),
    variants: z.array(variantSchema, expected('a list of variants')).min(1, { error: 'must list at least one variant' }).max(10, { error: 'must list at most 10 variants' }),
    newThread: z.boolean(expected('true or false')).optional(),
  },
  expected('an object { businessDays, variants, newThread? }'),
);

const sequenceFields = {
  name: visible(200),
  steps: z
    .array(stepSchema, expected('a list of steps'))
    .min(1, { error: 'must list at least one step' })
    .max(30, { error: 'must list at most 30 steps' })
    .superRefine((steps, ctx) => {
      let previous = -1;
      steps.forEach((step, i) => {
        const days = step.businessDays ?? defaultBusinessDays(i, previous);
        if (i === 0 && days !== 0) ctx.addIssue({ code: 'custom', path: [0, 'businessDays'], message: 'must be 0: the first step goes out on the first send' });
        else if (i > 0 && days < previous) ctx.addIssue({ code: 'custom', path: [i, 'businessDays'], message: `must not be before steps[${i - 1}]'s (${previous})` });
        previous = Math.max(previous, days);
        const seen = new Set<string>();
        step.variants.forEach((v, j) => {
          if (seen.has(v.id)) ctx.addIssue({ code: 'custom', path: [i, 'variants', j, 'id'], message: `repeats variant ${v.id} of this step` });
          seen.add(v.id);
        });
      });
    }),
};

/** POST: the id is in the body. PUT: the id is in the path; a body id must match it. */
export const sequenceSchema = z.strictObject({ id: ident('sequence'), ...sequenceFields }, expected('a JSON object'));
export const sequenceUpdateSchema = z.strictObject({ id: ident('sequence').optional(), ...sequenceFields }, expected('a JSON object'));

/** The default cadence (0, 3, 7, 14, 21 business days), then a week after the previous step. */
export function defaultBusinessDays(index: number, previous: number): number {
  return DEFAULT_CADENCE_DAYS[index] ?? previous + 5;
}

const templateFields = {
  subject: visible(500),
  html: z.string(expected('text')).min(1, { error: 'must not be empty' }).max(100_000, { error: 'must be at most 100000 characters' }),
  text: z.string(expected('text or null')).max(100_000, { error: 'must be at most 100000 characters' }).nullable().optional(),
  fallbacks: z
    .record(z.string().regex(FIELD_NAME), visible(200), {
      error: (iss) => (iss.code === 'invalid_key' ? 'must be named like a lead field, such as firstName' : 'must be an object of field → text'),
    })
    .optional(),
};
export const templateSchema = z.strictObject({ id: ident('template'), ...templateFields }, expected('a JSON object'));
export const templateUpdateSchema = z.strictObject({ id: ident('template').optional(), ...templateFields }, expected('a JSON object'));

const mailboxFields = {
  address: z.string(expected('an email address')).max(254, { error: 'must be at most 254 characters' }).regex(ADDRESS, { error: 'must be an email address' }),
  displayName: visible(200),
  ownerId: z.string(expected('an owner id or null')).regex(OWNER_ID, { error: 'must be an owner id: up to 128 letters, digits and . _ : @ + -' }).nullable().optional(),
  dailyCap: whole(0, 100_000),
  hourlyCap: whole(0, 100_000),
  minSpacingSeconds: whole(0, 86_400).optional(),
  warmup: z
    .strictObject(
      {
        startedOn: z.string(expected('a date YYYY-MM-DD')).regex(LOCAL_DATE, { error: 'must be a date YYYY-MM-DD' }).refine(isRealDate, { error: 'must be a real date YYYY-MM-DD' }),
        startCap: whole(0, 100_000),
        dailyIncrease: whole(0, 100_000),
      },
      expected('an object { startedOn, startCap, dailyIncrease } or null'),
    )
    .nullable()
    .optional(),
  active: z.boolean(expected('true or false')).optional(),
  campaigns: z
    .array(
      z.strictObject(
        { campaignId: z.string(expected('a campaign id')).regex(CAMPAIGN_ID_PATTERN, { error: 'must be a campaign id: 1-63 lower-case letters, digits or dashes' }), weight: whole(1, 1000) },
        expected('an object { campaignId, weight }'),
      ),
      expected('a list of { campaignId, weight }'),
    )
    .max(100, { error: 'must list at most 100 campaigns' })
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((c, i) => {
        if (seen.has(c.campaignId)) ctx.addIssue({ code: 'custom', path: [i, 'campaignId'], message: `repeats campaign ${c.campaignId}` });
        seen.add(c.campaignId);
      });
    })
    .optional(),
};
export const mailboxSchema = z.strictObject({ id: ident('mailbox'), ...mailboxFields }, expected('a JSON object')).superRefine(hourlyWithinDaily);
export const mailboxUpdateSchema = z.strictObject({ id: ident('mailbox').optional(), ...mailboxFields }, expected('a JSON object')).superRefine(hourlyWithinDaily);

function hourlyWithinDaily(m: { dailyCap: number; hourlyCap: number }, ctx: z.RefinementCtx) {
  if (m.hourlyCap > m.dailyCap) ctx.addIssue({ code: 'custom', path: ['hourlyCap'], message: `must not exceed dailyCap (${m.dailyCap})` });
}

/** PUT nurture-settings: every field optional, merged over what is stored (or the defaults). */
export const settingsUpdateSchema = z.strictObject(
  {
    campaignId: z.string().optional(),
    timeZone: z.string(expected('an IANA time zone')).refine(isTimeZone, { error: 'must be an IANA time zone such as Europe/Madrid' }).optional(),
    // Checked by the send calendar's own validators, which name the weekday and the date.
    window: z.unknown().optional(),
    blackoutDates: z.unknown().optional(),
    jitterSeconds: whole(0, 3600).optional(),
    dailyNewLeadLimit: whole(0, 1_000_000).nullable().optional(),
    postalAddress: visible(500).nullable().optional(),
    unsubscribeMailto: z.string(expected('an email address or null')).max(254, { error: 'must be at most 254 characters' }).regex(ADDRESS, { error: 'must be an email address' }).nullable().optional(),
    colleagueStop: z.enum(COLLEAGUE_STOP_POLICIES, { error: `must be one of ${COLLEAGUE_STOP_POLICIES.join(', ')}` }).optional(),
  },
  expected('a JSON object'),
);

export function isTimeZone(value: string): boolean {
  if (value.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

function isRealDate(value: string): boolean {
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export type SequenceBody = z.infer<typeof sequenceUpdateSchema>;
export type TemplateBody = z.infer<typeof templateUpdateSchema>;
export type MailboxBody = z.infer<typeof mailboxUpdateSchema>;
export type SettingsBody = z.infer<typeof settingsUpdateSchema>;
