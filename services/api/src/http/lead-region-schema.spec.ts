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

  it('says the same in the document: a generated valid body has its region in its country', () => {
    const doc = z.toJSONSchema(lead, { io: 'input' }) as { anyOf: Array<{ properties?: { country: { const: string }; region: { pattern: string } } }> };
    const spain = doc.anyOf.find((b) => b.properties?.country.const === 'ES');
    expect(spain?.properties?.region.pattern).toBe('^ES-');
    expect(doc.anyOf[0]).toEqual({ not: { required: ['country', 'region'] } });
    expect(doc.anyOf).toHaveLength(1 + new Set(doc.anyOf.flatMap((b) => (b.properties ? [b.properties.country.const] : []))).size);
  });
});
