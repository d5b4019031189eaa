/**
 * Qualification rules of the demo campaign (seeded by the launcher with tools/launcher/demo/sample-leads.csv).
 * Plain JSON-compatible data: it goes through validateQualificationRuleSet like any operator's rule set.
 * Order matters: the first matching rule decides.
 */
export const DEMO_QUALIFICATION_RULE_SET = {
  version: 'demo-2026-11.1',
  description: 'Demo campaign: B2B software buyers in the demo markets, personal sequences only.',
  emailPolicy: { freeMail: 'risky' },
  keywordLists: {
    buying: ['pricing', 'price', 'quote', 'demo', 'trial', 'budget', 'proposal', 'ROI', 'request a demo', 'evaluation'],
    timing: ['this quarter', 'Q1', 'Q2', 'Q3', 'Q4', 'next month', 'ASAP', 'follow up'],
    'opt-out': ['not interested', 'do not contact', 'remove me', 'unsubscribe', 'stop emailing'],
  },
  intentFields: ['title', 'company', 'industry', 'technologies', 'notes'],
  rules: [
    {
      id: 'opted-out-in-notes',
      when: { intent: { anyOf: ['opt-out'] } },
      decision: 'rejected',
      reason: 'the lead asked not to be contacted (notes)',
    },
    {
      id: 'excluded-industry',
      when: { fields: [{ field: 'industry', in: ['Gambling', 'Tobacco', 'Weapons'] }] },
      decision: 'rejected',
      reason: 'industry excluded by campaign policy',
    },
    {
      id: 'outside-markets',
      when: { country: { notIn: ['DE', 'FR', 'US', 'GB', 'IN', 'BR', 'JP'] } },
      decision: 'rejected',
      reason: 'country outside the campaign markets',
    },
    {
      id: 'too-small',
      when: { fields: [{ field: 'employeeCount', max: 10 }] },
      decision: 'rejected',
      reason: 'company has 10 employees or fewer',
    },
    {
      id: 'role-account',
      when: { role: true },
      decision: 'rejected',
      reason: 'role account (info@, sales@…): sequences are written to a person',
    },
    {
      id: 'dns-unverified',
      when: { emailReason: ['dns-timeout', 'dns-error'] },
      decision: 'needs_review',
      reason: 'DNS gave no answer for the domain; re-check before contacting',
    },
    {
      id: 'catch-all-with-intent',
      when: { catchAll: true, intent: { anyOf: ['buying'] } },
      decision: 'qualified',
      reason: 'catch-all domain, but the lead showed buying intent',
    },
    {
      id: 'catch-all',
      when: { catchAll: true },
      decision: 'needs_review',
      reason: 'catch-all domain: the mailbox cannot be confirmed',
    },
    {
      id: 'free-mail',
      when: { freeMail: true },
      decision: 'needs_review',
      reason: 'free-mail address: confirm the person works at the company',
    },
    {
      id: 'unusual-local-part',
      when: { emailReason: ['quoted-local-part', 'unicode-local-part', 'mixed-script-local-part'] },
      decision: 'needs_review',
      reason: 'unusual mailbox name (quoted, non-ASCII or mixed scripts)',
    },
    {
      id: 'missing-basics',
      when: { missingFields: ['firstName', 'company', 'country'] },
      decision: 'needs_review',
      reason: 'personal sequences need a first name, a company and a country',
    },
    {
      id: 'buying-intent',
      when: { intent: { anyOf: ['buying', 'timing'] } },
      decision: 'qualified',
      reason: 'buying or timing intent in the lead fields',
    },
  ],
  default: 'qualified',
} as const;
