import { z } from 'zod';
import { leadFields, withRegionInCountry } from './schemas.js';

const lead = withRegionInCountry(z.strictObject({ ...leadFields }));
const problems = (body: object) => {
  const parsed = lead.safeParse(body);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('region in the API contract', () => {
  it('takes an upper-case ISO 3166-2 code inside the lead\'s country', () => {
    expect(problems({ email: 'a@example.com', country: 'ES', region: 'ES-MD' })).toEqual([]);
    expect(problems({ email: 'a@example.com', region: 'US-CA' })).toEqual([]);
    expect(problems({ email: 'a@example.com', country: 'FR', region: 'FR-75' })).toEqual([]);
  });

  it.each(['es-md', 'Madrid', 'QQ-1', 'ES-MADR', 'ES_MD'])('refuses %j naming region', (region) => {
    expect(problems({ email: 'a@example.com', region })).toEqual(['region: must be an ISO 3166-2 code in upper case, such as ES-MD or US-CA']);
  });

  it('refuses a region in another country', () => {
    expect(problems({ email: 'a@example.com', country: 'ES', region: 'US-CA' })).toEqual(['region: region US-CA is in US, but country is ES']);
  });

  it('says the same in the document: a body whose region lies in another country does not match it', async () => {
    const doc = z.toJSONSchema(lead, { target: 'draft-2020-12', io: 'input' }) as { allOf: Array<{ anyOf: unknown[] }> };
    expect(doc.allOf.map((part) => part.anyOf.length)).toEqual([28, 28]);
    // The document's own rule, read as JSON Schema does: each letter of the country agrees with the region's.
    const fits = (body: { country?: string; region?: string }) =>
      doc.allOf.every((part) =>
        part.anyOf.some((branch) => {
          const props = (branch as { properties: Record<string, false | { pattern: string }> }).properties;
          return Object.entries(props).every(([name, rule]) => {
            const value = body[name as 'country' | 'region'];
            return rule === false ? value === undefined : value === undefined || new RegExp(rule.pattern).test(value);
          });
        }),
      );
    expect(fits({ country: 'ES', region: 'ES-MD' })).toBe(true);
    expect(fits({ region: 'US-CA' })).toBe(true);
    expect(fits({ country: 'ES' })).toBe(true);
    expect(fits({ country: 'ES', region: 'US-CA' })).toBe(false);
    expect(fits({ country: 'ES', region: 'EE-37' })).toBe(false);
    expect(fits({ country: 'ES', region: 'PS-BTH' })).toBe(false);
  });
});
