import { LEAD_MERGE_FIELDS, leadMergeFields } from './merge-fields.js';

describe('leadMergeFields', () => {
  const facts = { email: 'ana@acme.example', firstName: ' Ana ', lastName: 'García', title: null, company: 'Acme', companyDomain: 'acme.example', industry: null, country: 'ES', region: 'ES-MD' };

  it('fills every merge field from a lead’s facts, with the full name joined', () => {
    const fields = leadMergeFields(facts, { ownerName: 'Olga' });
    expect(Object.keys(fields).sort()).toEqual([...LEAD_MERGE_FIELDS].sort());
    expect(fields).toMatchObject({ fullName: 'Ana García', ownerName: 'Olga', city: null, senderName: null, region: 'ES-MD' });
  });

  it('has no full name when both names are empty', () => {
    expect(leadMergeFields({ ...facts, firstName: null, lastName: '  ' }).fullName).toBeNull();
  });
});
