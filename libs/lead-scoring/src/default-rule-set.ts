/**
 * The rule set the demo campaign is seeded with: an ideal customer profile for a B2B SaaS product sold to
 * revenue teams (sales and marketing leaders at software and internet companies of 50–5,000 people in North
 * America, the UK, Ireland, the Nordics, DACH, Benelux, France and Australia). Fit can give up to 70
 * points, intent up to 30 and engagement up to 25: a well-fitting lead needs some intent or engagement to be
 * hot. Copy it and adjust; validateScoringRuleSet accepts it as it is (see its spec).
 */
import { deepFreeze } from './deep-freeze.js';
import type { ScoringRuleSet } from './rule-set.js';

/** Frozen: copy it (structuredClone) before changing it. */
export const DEFAULT_SCORING_RULE_SET: ScoringRuleSet = deepFreeze({
  version: 1,
  name: 'B2B SaaS: revenue teams at software companies',
  fit: {
    max: 70,
    rules: [
      {
        id: 'icp-industry',
        field: 'industry',
        operator: 'in',
        value: ['Software', 'Computer Software', 'SaaS', 'Internet', 'Information Technology and Services', 'Information Technology & Services'],
        points: 15,
      },
      { id: 'software-adjacent-industry', field: 'industry', operator: 'containsAny', value: ['software', 'saas', 'cloud'], points: 5 },
      { id: 'mid-market', field: 'employeeCount', operator: 'between', value: [50, 1000], points: 15 },
      { id: 'enterprise', field: 'employeeCount', operator: 'between', value: [1001, 5000], points: 10 },
      { id: 'too-small', field: 'employeeCount', operator: 'lte', value: 10, points: -10, reason: 'company too small (10 people or fewer)' },
      { id: 'revenue-fit', field: 'revenueBand', operator: 'in', value: ['$10M-$50M', '$50M-$100M', '$100M-$500M'], points: 5 },
      {
        id: 'icp-country',
        field: 'country',
        operator: 'in',
        value: ['US', 'CA', 'GB', 'IE', 'DE', 'AT', 'CH', 'NL', 'BE', 'LU', 'FR', 'SE', 'DK', 'NO', 'FI', 'AU'],
        points: 5,
      },
      {
        id: 'country-outside-icp',
        field: 'country',
        operator: 'notIn',
        value: ['US', 'CA', 'GB', 'IE', 'DE', 'AT', 'CH', 'NL', 'BE', 'LU', 'FR', 'SE', 'DK', 'NO', 'FI', 'AU'],
        points: -10,
      },
      { id: 'exec-buyer', field: 'titleSeniority', operator: 'in', value: ['c-level', 'vp'], points: 20 },
      { id: 'team-leader', field: 'titleSeniority', operator: 'in', value: ['head', 'director'], points: 15 },
      { id: 'manager', field: 'titleSeniority', operator: 'equals', value: 'manager', points: 8 },
      { id: 'no-title', field: 'titleSeniority', operator: 'missing', points: -5 },
      { id: 'revenue-team', field: 'titleFunction', operator: 'in', value: ['sales', 'marketing', 'customer-success'], points: 10 },
      { id: 'general-management', field: 'titleFunction', operator: 'equals', value: 'executive', points: 5 },
      {
        id: 'crm-stack',
        field: 'technology',
        operator: 'containsAny',
        value: ['Salesforce', 'HubSpot', 'Pipedrive', 'Marketo', 'Pardot', 'Outreach', 'Salesloft'],
        points: 8,
      },
    ],
  },
  intent: {
    max: 30,
    rules: [
      { id: 'has-budget', field: 'budget', operator: 'gte', value: 10000, points: 10 },
      { id: 'small-budget', field: 'budget', operator: 'lte', value: 1000, points: -5 },
      {
        id: 'buying-soon',
        field: 'timeline',
        operator: 'containsAny',
        value: ['now', 'asap', 'immediately', 'this month', 'this quarter', 'next month', '30 days', '60 days', '90 days'],
        points: 10,
      },
      {
        id: 'buying-signals',
        field: 'keywords',
        operator: 'containsAny',
        value: ['pricing', 'price', 'quote', 'demo', 'trial', 'proposal', 'rfp', 'evaluating', 'migrate', 'replace', 'contract renewal'],
        points: 10,
      },
      {
        id: 'not-a-buyer',
        field: 'keywords',
        operator: 'containsAny',
        value: ['student', 'intern', 'job application', 'looking for a job', 'unsubscribe'],
        points: -15,
        reason: 'title/notes say this is not a buyer',
      },
    ],
  },
  engagement: {
    open: 1,
    click: 4,
    reply: 15,
    cap: 25,
    decay: { kind: 'half-life', halfLifeDays: 14, maxAgeDays: 90 },
  },
  tiers: { hot: 75, warm: 55, cool: 35 },
});
