import { NurtureError } from '../nurture-errors.js';
import { mailboxSchema, sequenceSchema, settingsUpdateSchema, templateSchema } from './definition-schemas.js';
import { fieldPath, parseBody } from './field-problems.js';

function problems(schema: Parameters<typeof parseBody>[0], body: unknown): string[] {
  try {
    parseBody(schema, body, 'invalid_sequence', 'body');
  } catch (err) {
    if (err instanceof NurtureError) return err.details.map((d) => d.message);
    throw err;
  }
  return [];
}

const step = (businessDays: number, weight = 1) => ({ businessDays, variants: [{ id: 'a', templateId: 'intro', weight }] });

describe('fieldPath', () => {
  it('writes list indexes in brackets and keys with dots', () => {
    expect(fieldPath(['steps', 2, 'variants', 0, 'weight'])).toBe('steps[2].variants[0].weight');
    expect(fieldPath([])).toBe('');
  });
});

describe('sequence bodies', () => {
  it('accept the default cadence, with business days left out', () => {
    expect(problems(sequenceSchema, { id: 'warm', name: 'Warm', steps: [step(0), step(3), { variants: [{ id: 'a', templateId: 'x', weight: 2 }] }] })).toEqual([]);
  });

  it('name the field of every mistake, in one answer', () => {
    const body = { id: 'Warm', name: '', steps: [step(0), step(3), step(7, 0)], extra: 1 };
    expect(problems(sequenceSchema, body).sort()).toEqual(
      ['extra is not a known property', 'id must be a sequence id: 1-63 lower-case letters, digits or dashes', 'name must be visible text without control characters', 'steps[2].variants[0].weight must be ≥ 1'].sort(),
    );
  });

  it('refuse a first step after day 0, a step before the previous one, and repeated variants', () => {
    const body = { id: 'w', name: 'W', steps: [step(1), step(3), step(2), { businessDays: 9, variants: [{ id: 'a', templateId: 't', weight: 1 }, { id: 'a', templateId: 'u', weight: 1 }] }] };
    expect(problems(sequenceSchema, body)).toEqual([
      'steps[0].businessDays must be 0: the first step goes out on the first send',
      "steps[2].businessDays must not be before steps[1]'s (3)",
      'steps[3].variants[1].id repeats variant a of this step',
    ]);
  });

  it('say which fields are missing and which have the wrong type', () => {
    expect(problems(sequenceSchema, { id: 'w', steps: [{ businessDays: 'soon', variants: [] }] })).toEqual([
      'name is required',
      'steps[0].businessDays must be a whole number',
      'steps[0].variants must list at least one variant',
    ]);
    expect(problems(sequenceSchema, [])).toEqual(['(body) must be a JSON object']);
  });
});

describe('template bodies', () => {
  it('accept subject and html with optional text and fallbacks', () => {
    expect(problems(templateSchema, { id: 'intro', subject: 'Hi {{firstName}}', html: '<p>Hi</p>', text: null, fallbacks: { firstName: 'there' } })).toEqual([]);
  });

  it('refuse bad fallback names and empty parts', () => {
    expect(problems(templateSchema, { id: 'intro', subject: 'Hi', html: '', fallbacks: { 'first name': 'x' } })).toEqual([
      'html must not be empty',
      'fallbacks.first name must be named like a lead field, such as firstName',
    ]);
  });
});

describe('mailbox bodies', () => {
  const mailbox = { id: 'sales-1', address: 'alice@acme.example', displayName: 'Alice', dailyCap: 50, hourlyCap: 10 };

  it('accept caps, warm-up, owner and campaigns with weights', () => {
    expect(problems(mailboxSchema, { ...mailbox, ownerId: 'alice', warmup: { startedOn: '2026-12-01', startCap: 5, dailyIncrease: 5 }, campaigns: [{ campaignId: 'demo', weight: 2 }] })).toEqual([]);
  });

  it('refuse an hourly cap above the daily one, a bad date, repeated campaigns', () => {
    const body = { ...mailbox, hourlyCap: 60, warmup: { startedOn: '2026-02-30', startCap: 5, dailyIncrease: 5 }, campaigns: [{ campaignId: 'demo', weight: 1 }, { campaignId: 'demo', weight: 1 }] };
    expect(problems(mailboxSchema, body)).toEqual(['warmup.startedOn must be a real date YYYY-MM-DD', 'campaigns[1].campaignId repeats campaign demo', 'hourlyCap must not exceed dailyCap (50)']);
  });
});

describe('settings bodies', () => {
  it('check the zone, the jitter and the limit', () => {
    expect(problems(settingsUpdateSchema, { timeZone: 'Mars/Olympus', jitterSeconds: 4000, dailyNewLeadLimit: -1 })).toEqual([
      'timeZone must be an IANA time zone such as Europe/Madrid',
      'jitterSeconds must be ≤ 3600',
      'dailyNewLeadLimit must be ≥ 0',
    ]);
    expect(problems(settingsUpdateSchema, { timeZone: 'Europe/Madrid', dailyNewLeadLimit: null })).toEqual([]);
  });
});
