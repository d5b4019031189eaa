import type { LeadFacts } from '#libs/contracts';
import { compileQualificationRuleSet, DEMO_QUALIFICATION_RULE_SET, type DomainFacts } from '#libs/lead-qualification';
import { leadFactsFixture } from '../leads/lead-facts.fixture.js';
import { leadUnderReview } from '../leads/lead-under-review.js';
import { validateStoredQualificationRuleSet } from '../rule-sets/qualification-rule-sets.js';
import { domainsToCheck, judgePage, prepareLeads, withMailFacts, type StoredJudgement } from './page-judgement.js';

const validated = validateStoredQualificationRuleSet({ ...DEMO_QUALIFICATION_RULE_SET, version: 4 });
if (!validated.ok) throw new Error('demo rule set must validate');
const ruleSet = compileQualificationRuleSet(validated.ruleSet);

let n = 0;
function lead(email: string, extra: Partial<LeadFacts> = {}) {
  n++;
  return leadUnderReview(leadFactsFixture(n, { email, ...extra }));
}

const none = { addresses: new Set<string>(), domains: new Set<string>() };
const found: DomainFacts = { mx: 'found' };

function judged(leads: ReturnType<typeof lead>[], facts: Record<string, DomainFacts>, suppressed = none, stored = new Map<string, StoredJudgement>()) {
  const prepared = prepareLeads(leads, stored, suppressed);
  return judgePage(ruleSet, withMailFacts(prepared, new Map(Object.entries(facts))));
}

describe('prepareLeads', () => {
  const fresh = lead('ann@acme.example');
  const kept = lead('bob@acme.example');
  const stale = lead('cy@acme.example');
  const nowSuppressed = lead('dee@acme.example');
  const unsuppressed = lead('eve@other.example');
  const stored = new Map<string, StoredJudgement>([
    [kept.id, { decision: 'qualified', emailVerdict: 'valid', suppressed: false, stale: false }],
    [stale.id, { decision: 'qualified', emailVerdict: 'valid', suppressed: false, stale: true }],
    [nowSuppressed.id, { decision: 'qualified', emailVerdict: 'valid', suppressed: false, stale: false }],
    [unsuppressed.id, { decision: 'rejected', emailVerdict: 'valid', suppressed: true, stale: false }],
  ]);

  it('judges new, stale and newly (un)suppressed leads, keeps the rest, and asks DNS only for those judged', () => {
    const suppressed = { addresses: new Set(['dee@acme.example']), domains: new Set<string>() };
    const prepared = prepareLeads([fresh, kept, stale, nowSuppressed, unsuppressed], stored, suppressed);
    expect(prepared.filter((p) => !p.kept).map((p) => p.lead.address)).toEqual(['ann@acme.example', 'cy@acme.example', 'dee@acme.example', 'eve@other.example']);
    expect(domainsToCheck(prepared)).toEqual(['acme.example', 'other.example']);
    expect(domainsToCheck(prepareLeads([kept], stored, none))).toEqual([]);
  });

  it('counts kept leads from their stored judgement', () => {
    const { rows, counts } = judgePage(ruleSet, prepareLeads([kept], stored, none));
    expect(rows).toEqual([]);
    expect(counts).toMatchObject({ unchanged: 1, qualified: 1, valid: 1, rejected: 0, domainsChecked: 0 });
  });
});

describe('judgePage', () => {
  it('qualifies by the rules, rejects suppressed addresses and domains whatever the rules say', () => {
    const suppressed = { addresses: new Set(['cy@acme.example']), domains: new Set(['blocked.example']) };
    const { rows, counts } = judged([lead('Ann@Acme.example'), lead('bob@blocked.example'), lead('cy@acme.example')], { 'acme.example': found, 'blocked.example': found }, suppressed);
    expect(rows.map((r) => [r.address, r.decision, r.suppressed])).toEqual([
      ['ann@acme.example', 'qualified', false],
      ['bob@blocked.example', 'rejected', true],
      ['cy@acme.example', 'rejected', true],
    ]);
    expect(rows[0]).toMatchObject({ emailVerdict: 'valid', reasons: [{ code: 'rule', ruleId: 'buying-intent' }], intent: [{ list: 'buying', keyword: 'pricing', field: 'notes' }] });
    expect(rows[1]!.reasons[0]!.code).toBe('suppressed-domain');
    expect(rows[2]!.reasons[0]!.code).toBe('suppressed-address');
    expect(counts).toMatchObject({ qualified: 1, rejected: 2, suppressed: 2, valid: 3, dnsUnanswered: 0, domainsChecked: 2, domainsUnanswered: 0 });
  });

  it('makes a DNS timeout risky and needing review, never invalid, and marks it for a re-check', () => {
    const { rows, counts } = judged([lead('ann@slow.example')], { 'slow.example': { mx: 'timeout' } });
    expect(rows[0]).toMatchObject({ emailVerdict: 'risky', decision: 'needs_review', dnsUnverified: true });
    expect(counts).toMatchObject({ risky: 1, needsReview: 1, invalid: 0, dnsUnanswered: 1, domainsChecked: 1, domainsUnanswered: 1 });
  });

  it('rejects an address whose domain takes no mail, and one that does not parse', () => {
    const { rows } = judged([lead('ann@gone.example'), lead('not an address')], { 'gone.example': { mx: 'nxdomain' } });
    expect(rows.map((r) => [r.emailVerdict, r.decision, r.reasons[0]!.code])).toEqual([
      ['invalid', 'rejected', 'email-invalid'],
      ['invalid', 'rejected', 'email-invalid'],
    ]);
  });
});
