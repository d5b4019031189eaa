import { DEMO_QUALIFICATION_RULE_SET } from './demo-rule-set.js';
import { classifyEmail, type DomainFacts } from './email-verdict.js';
import { compileQualificationRuleSet, qualify, qualifyLead, type CompiledQualificationRuleSet, type QualificationLead } from './qualify.js';
import { validateQualificationRuleSet } from './rule-set.js';

function load(input: unknown): CompiledQualificationRuleSet {
  const result = validateQualificationRuleSet(input);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return compileQualificationRuleSet(result.ruleSet);
}

const demo = load(JSON.parse(JSON.stringify(DEMO_QUALIFICATION_RULE_SET)));
const MX: DomainFacts = { mx: 'found' };
const OPEN = { address: false, domain: false };
const person: QualificationLead & { email: string } = {
  email: 'anna.schmidt@acme-robotics.example',
  firstName: 'Anna',
  company: 'Acme Robotics',
  country: 'DE',
  industry: 'Industrial Automation',
  employeeCount: 150,
  title: 'VP Sales',
  notes: '',
};

type Case = [name: string, lead: Partial<QualificationLead>, facts: DomainFacts, suppressed: typeof OPEN, decision: string, code: string, ruleId: string | null];

const demoCases: Case[] = [
  ['plain lead: no rule, default qualified', {}, MX, OPEN, 'qualified', 'default', null],
  ['suppressed address beats a qualifying rule', { notes: 'asked for pricing' }, MX, { address: true, domain: false }, 'rejected', 'suppressed-address', null],
  ['suppressed domain', {}, MX, { address: false, domain: true }, 'rejected', 'suppressed-domain', null],
  ['invalid email: NXDOMAIN', {}, { mx: 'nxdomain' }, OPEN, 'rejected', 'email-invalid', null],
  ['invalid email: no mail host', {}, { mx: 'none' }, OPEN, 'rejected', 'email-invalid', null],
  ['invalid email: disposable', { email: 'anna@mailinator.com' }, MX, OPEN, 'rejected', 'email-invalid', null],
  ['invalid email: syntax', { email: 'anna@@acme.example' }, MX, OPEN, 'rejected', 'email-invalid', null],
  ['opted out in notes', { notes: 'Not interested — please remove me' }, MX, OPEN, 'rejected', 'rule', 'opted-out-in-notes'],
  ['opt-out wins over a role account (first rule wins)', { email: 'info@acme.example', notes: 'unsubscribe' }, MX, OPEN, 'rejected', 'rule', 'opted-out-in-notes'],
  ['excluded industry, any case', { industry: 'TOBACCO' }, MX, OPEN, 'rejected', 'rule', 'excluded-industry'],
  ['country outside the markets', { country: 'CN' }, MX, OPEN, 'rejected', 'rule', 'outside-markets'],
  ['country in lower case is compared upper-case', { country: 'de' }, MX, OPEN, 'qualified', 'default', null],
  ['missing country is not "outside", it is missing', { country: undefined }, MX, OPEN, 'needs_review', 'rule', 'missing-basics'],
  ['8 employees: too small', { employeeCount: 8 }, MX, OPEN, 'rejected', 'rule', 'too-small'],
  ['10 employees: too small (max is inclusive)', { employeeCount: 10 }, MX, OPEN, 'rejected', 'rule', 'too-small'],
  ['11 employees: fine', { employeeCount: 11 }, MX, OPEN, 'qualified', 'default', null],
  ['unknown employee count does not match a numeric rule', { employeeCount: undefined }, MX, OPEN, 'qualified', 'default', null],
  ['role account', { email: 'sales@acme-robotics.example' }, MX, OPEN, 'rejected', 'rule', 'role-account'],
  ['DNS timeout: review, never rejected as invalid', {}, { mx: 'timeout' }, OPEN, 'needs_review', 'rule', 'dns-unverified'],
  ['DNS error: review', {}, { mx: 'error' }, OPEN, 'needs_review', 'rule', 'dns-unverified'],
  ['catch-all with buying intent', { notes: 'Asked for pricing' }, { mx: 'found', catchAll: true }, OPEN, 'qualified', 'rule', 'catch-all-with-intent'],
  ['catch-all without intent', {}, { mx: 'found', catchAll: true }, OPEN, 'needs_review', 'rule', 'catch-all'],
  ['free mail', { email: 'anna.schmidt@gmail.com' }, MX, OPEN, 'needs_review', 'rule', 'free-mail'],
  ['Unicode local part', { email: 'josé@acme-robotics.example' }, MX, OPEN, 'needs_review', 'rule', 'unusual-local-part'],
  ['homoglyph local part', { email: 'j\u0430ne@acme-robotics.example' }, MX, OPEN, 'needs_review', 'rule', 'unusual-local-part'],
  ['quoted local part', { email: '"anna s"@acme-robotics.example' }, MX, OPEN, 'needs_review', 'rule', 'unusual-local-part'],
  ['missing first name', { firstName: undefined }, MX, OPEN, 'needs_review', 'rule', 'missing-basics'],
  ['blank company', { company: '   ' }, MX, OPEN, 'needs_review', 'rule', 'missing-basics'],
  ['buying intent in notes', { notes: 'Asked for pricing, follow up in Q3' }, MX, OPEN, 'qualified', 'rule', 'buying-intent'],
  ['timing intent in the title', { title: 'Buyer for Q4 projects' }, MX, OPEN, 'qualified', 'rule', 'buying-intent'],
  ['A-record fallback is fine', {}, { mx: 'a-fallback' }, OPEN, 'qualified', 'default', null],
];

describe('demo rule set: every path', () => {
  it.each<Case>(demoCases)('%s', (_name, overrides, facts, suppressed, decision, code, ruleId) => {
    const result = qualifyLead(demo, { ...person, ...overrides } as QualificationLead & { email: string }, facts, suppressed);
    expect(result.decision).toBe(decision);
    expect(result.reasons[0]).toEqual(expect.objectContaining({ code, ...(ruleId ? { ruleId } : {}) }));
    expect(result.ruleSetVersion).toBe(DEMO_QUALIFICATION_RULE_SET.version);
  });

  it('every demo rule is reached by a case above', () => {
    // Guards against adding a demo rule without a case in the table above.
    const source = DEMO_QUALIFICATION_RULE_SET.rules.map((r) => r.id);
    const tested = new Set(demoCases.map((c) => c[6]));
    expect(source.filter((id) => !tested.has(id))).toEqual([]);
  });

  it('reports both suppressions and the rule reason text', () => {
    expect(qualifyLead(demo, person, MX, { address: true, domain: true }).reasons.map((r) => r.code)).toEqual(['suppressed-address', 'suppressed-domain']);
    expect(qualifyLead(demo, { ...person, country: 'CN' }, MX, OPEN).reasons).toEqual([
      { code: 'rule', message: 'country outside the campaign markets', ruleId: 'outside-markets' },
    ]);
    expect(qualifyLead(demo, { ...person }, { mx: 'nxdomain' }, OPEN).reasons[0]!.message).toContain('does not exist (NXDOMAIN)');
  });

  it('returns the email classification and intent it used', () => {
    const result = qualifyLead(demo, { ...person, notes: 'pricing' }, MX, OPEN);
    expect(result.email.verdict).toBe('valid');
    expect(result.intent.matched).toEqual([{ list: 'buying', keyword: 'pricing', field: 'notes' }]);
  });
});

describe('rule operators', () => {
  const lists = { buying: ['pricing', 'demo'], competitor: ['hubspot'], noise: ['hello'] };
  const one = (when: object, extra: object = {}) =>
    load({ version: 't1', keywordLists: lists, rules: [{ id: 'r', when, decision: 'rejected', reason: 'matched' }], default: 'needs_review', ...extra });
  const run = (rs: CompiledQualificationRuleSet, lead: Partial<QualificationLead>, facts: DomainFacts = MX) =>
    qualifyLead(rs, { email: 'ann@acme.example', ...lead } as QualificationLead & { email: string }, facts, OPEN).decision;

  it.each<[string, object, Partial<QualificationLead>, DomainFacts, 'rejected' | 'needs_review']>([
    ['emailVerdict matches', { emailVerdict: ['risky'] }, {}, { mx: 'timeout' }, 'rejected'],
    ['emailVerdict does not match', { emailVerdict: ['risky'] }, {}, MX, 'needs_review'],
    ['emailReason matches any code', { emailReason: ['a-record-fallback', 'catch-all'] }, {}, { mx: 'a-fallback' }, 'rejected'],
    ['freeMail false matches a company address', { freeMail: false }, {}, MX, 'rejected'],
    ['disposable flag (invalid emails never reach rules)', { disposable: false }, {}, MX, 'rejected'],
    ['role false', { role: false }, {}, MX, 'rejected'],
    ['catchAll false when unknown', { catchAll: false }, {}, MX, 'rejected'],
    ['intent anyOf', { intent: { anyOf: ['buying'] } }, { notes: 'demo please' }, MX, 'rejected'],
    ['intent anyOf, no match', { intent: { anyOf: ['buying'] } }, { notes: 'hello' }, MX, 'needs_review'],
    ['intent noneOf blocks', { intent: { anyOf: ['buying'], noneOf: ['competitor'] } }, { notes: 'demo, we use HubSpot' }, MX, 'needs_review'],
    ['intent noneOf alone matches no intent', { intent: { noneOf: ['competitor'] } }, { notes: '' }, MX, 'rejected'],
    ['intent minMatches counts distinct keywords', { intent: { anyOf: ['buying'], minMatches: 2 } }, { notes: 'pricing pricing', title: 'pricing' }, MX, 'needs_review'],
    ['intent minMatches met', { intent: { anyOf: ['buying'], minMatches: 2 } }, { notes: 'pricing and a demo' }, MX, 'rejected'],
    ['intent minMatches over all lists', { intent: { minMatches: 2 } }, { notes: 'hello hubspot' }, MX, 'rejected'],
    ['intent over technologies', { intent: { anyOf: ['competitor'] } }, { technologies: ['HubSpot', 'AWS'] }, MX, 'rejected'],
    ['missingFields: empty technologies list', { missingFields: ['technologies'] }, { technologies: [] }, MX, 'rejected'],
    ['missingFields: present', { missingFields: ['title'] }, { title: 'CTO' }, MX, 'needs_review'],
    ['country in', { country: { in: ['FR'] } }, { country: 'FR' }, MX, 'rejected'],
    ['country in and notIn together', { country: { in: ['FR', 'DE'], notIn: ['DE'] } }, { country: 'DE' }, MX, 'needs_review'],
    ['country notIn with no country', { country: { notIn: ['FR'] } }, {}, MX, 'needs_review'],
    ['field in, diacritics ignored', { fields: [{ field: 'city', in: ['Sao Paulo'] }] }, { city: 'São  Paulo' }, MX, 'rejected'],
    ['field notIn on an array: any item blocks', { fields: [{ field: 'technologies', notIn: ['sap'] }] }, { technologies: ['AWS', 'SAP'] }, MX, 'needs_review'],
    ['field notIn on an array: none listed', { fields: [{ field: 'technologies', notIn: ['sap'] }] }, { technologies: ['AWS'] }, MX, 'rejected'],
    ['field notIn with the field missing', { fields: [{ field: 'industry', notIn: ['Retail'] }] }, {}, MX, 'needs_review'],
    ['numeric range', { fields: [{ field: 'employeeCount', min: 50, max: 500 }] }, { employeeCount: 320 }, MX, 'rejected'],
    ['numeric range, outside', { fields: [{ field: 'employeeCount', min: 50, max: 500 }] }, { employeeCount: 501 }, MX, 'needs_review'],
    ['all conditions must hold (AND)', { role: true, country: { in: ['FR'] } }, { country: 'FR' }, MX, 'needs_review'],
  ])('%s', (_name, when, lead, facts, decision) => {
    expect(run(one(when), lead, facts)).toBe(decision);
  });

  it('first matching rule wins', () => {
    const rs = load({
      version: 't2',
      rules: [
        { id: 'first', when: { role: false }, decision: 'qualified', reason: 'one' },
        { id: 'second', when: { role: false }, decision: 'rejected', reason: 'two' },
      ],
      default: 'needs_review',
    });
    expect(qualifyLead(rs, { email: 'ann@acme.example' }, MX, OPEN).reasons).toEqual([{ code: 'rule', message: 'one', ruleId: 'first' }]);
  });

  it('no rule set can qualify a suppressed or invalid lead', () => {
    const permissive = load({ version: 't3', rules: [{ id: 'all', when: { emailVerdict: ['valid', 'risky', 'invalid'] }, decision: 'qualified', reason: 'x' }], default: 'qualified' });
    expect(qualifyLead(permissive, { email: 'ann@acme.example' }, MX, { address: false, domain: true }).decision).toBe('rejected');
    expect(qualifyLead(permissive, { email: 'ann@acme.example' }, { mx: 'nxdomain' }, OPEN).decision).toBe('rejected');
    expect(qualifyLead(permissive, { email: 'ann@acme.example' }, { mx: 'timeout' }, OPEN).decision).toBe('qualified');
  });

  it('applies the email policy: free mail flagged only', () => {
    const rs = load({ version: 't4', emailPolicy: { freeMail: 'flag' }, rules: [{ id: 'risky', when: { emailVerdict: ['risky'] }, decision: 'rejected', reason: 'x' }], default: 'qualified' });
    const result = qualifyLead(rs, { email: 'ann@gmail.com' }, MX, OPEN);
    expect(result.email.flags.freeMail).toBe(true);
    expect(result.decision).toBe('qualified');
  });

  it('scans only the rule set intent fields', () => {
    const rs = load({ version: 't5', keywordLists: lists, intentFields: ['title'], rules: [{ id: 'b', when: { intent: { anyOf: ['buying'] } }, decision: 'rejected', reason: 'x' }], default: 'qualified' });
    expect(qualifyLead(rs, { email: 'ann@acme.example', notes: 'pricing' }, MX, OPEN).decision).toBe('qualified');
    expect(qualifyLead(rs, { email: 'ann@acme.example', title: 'pricing lead' }, MX, OPEN).decision).toBe('rejected');
  });

  it('qualify works on parts computed elsewhere', () => {
    const email = classifyEmail('ann@acme.example', MX);
    const result = qualify(demo, { email, intent: { matched: [{ list: 'buying', keyword: 'pricing', field: 'notes' }] }, lead: person, suppressed: OPEN });
    expect(result).toEqual({ decision: 'qualified', reasons: [{ code: 'rule', message: 'buying or timing intent in the lead fields', ruleId: 'buying-intent' }], ruleSetVersion: 'demo-2026-11.1' });
  });
});
