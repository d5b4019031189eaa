import type { LeadFacts, StageCursor } from '#libs/contracts';
import { DEMO_QUALIFICATION_RULE_SET, type DomainFacts } from '#libs/lead-qualification';
import { leadFactsFixture } from '../leads/lead-facts.fixture.js';
import type { LeadUnderReview } from '../leads/lead-under-review.js';
import type { QualificationRow, StoredJudgement } from '../results/page-judgement.js';
import { CampaignQualifier } from './campaign-qualifier.js';

/** In-memory stand-ins with the SQL's semantics: staleness by version, lead timestamp and DNS answer. */
class FakeResults {
  rows = new Map<string, QualificationRow & { version: number; runId: string }>();
  async storedFor(_campaignId: string, version: number, leads: readonly LeadUnderReview[]) {
    const out = new Map<string, StoredJudgement>();
    for (const l of leads) {
      const r = this.rows.get(l.id);
      if (r) out.set(l.id, { decision: r.decision, emailVerdict: r.emailVerdict, suppressed: r.suppressed, stale: r.version !== version || r.leadUpdatedAt !== l.updatedAt || r.dnsUnverified });
    }
    return out;
  }
  upserts: number[] = [];
  async upsert(_campaignId: string, version: number, runId: string, rows: readonly QualificationRow[]) {
    this.upserts.push(rows.length);
    for (const r of rows) this.rows.set(r.leadId, { ...r, version, runId });
  }
}

class FakeSuppressions {
  addresses = new Set<string>();
  domains = new Set<string>();
  /** Fails every call while set, like a nurture service that cannot be reached. */
  down: Error | null = null;
  calls = 0;
  async matching(addresses: readonly string[]) {
    this.calls++;
    if (this.down) throw this.down;
    const domains = addresses.map((a) => a.slice(a.lastIndexOf('@') + 1));
    return { addresses: new Set(addresses.filter((a) => this.addresses.has(a))), domains: new Set(domains.filter((d) => this.domains.has(d))) };
  }
}

function facts(i: number, extra: Partial<LeadFacts> = {}): LeadFacts {
  return leadFactsFixture(i, { email: `lead${i}@${i % 3 === 0 ? 'slow' : 'acme'}.example`, ...extra });
}

function setup(leads: LeadFacts[], pageSize = 4) {
  const results = new FakeResults();
  const suppressions = new FakeSuppressions();
  const dnsAsked: string[] = [];
  let active: { version: number; ruleSet: unknown } | null = { version: 1, ruleSet: { ...DEMO_QUALIFICATION_RULE_SET, version: '1' } };
  const seeded: string[] = [];
  // seed() is a no-op for a campaign with any version; here every campaign has one.
  const ruleSets = { active: async () => active, seed: async (campaignId: string) => void seeded.push(campaignId) };
  const dns = { check: async (d: string): Promise<DomainFacts> => (dnsAsked.push(d), d === 'slow.example' ? { mx: 'timeout' } : { mx: 'found' }) };
  const leadFacts = {
    page: async ({ after, limit }: { after: string | null; limit: number }) => {
      const start = after === null ? 0 : leads.findIndex((l) => l.id === after) + 1;
      const items = leads.slice(start, start + limit);
      return { items, next: start + limit < leads.length ? items[items.length - 1]!.id : null };
    },
  };
  const log = { info: () => undefined, warn: () => undefined };
  const qualifier = new CampaignQualifier(
    ruleSets as never,
    results as never,
    suppressions as never,
    dns,
    leadFacts as never,
    { record: () => undefined } as never,
    { QUALIFICATION_PAGE_SIZE: pageSize } as never,
    log as never,
  );
  const beats: StageCursor[] = [];
  const run = (runId: string, resumeFrom?: StageCursor) => qualifier.qualifyCampaign({ campaignId: 'demo', runId }, { resumeFrom, heartbeat: (c) => beats.push(c), stillAlive: () => undefined });
  return { run, results, suppressions, dnsAsked, beats, seeded, setActive: (a: typeof active) => (active = a) };
}

describe('CampaignQualifier', () => {
  const leads = Array.from({ length: 10 }, (_, i) => facts(i + 1));

  it('degrades, naming the campaign, when it has rule sets but none active', async () => {
    const s = setup(leads);
    s.setActive(null);
    const report = await s.run('r1');
    expect(report).toMatchObject({ status: 'degraded', processed: 0, problems: [expect.stringContaining('campaign demo has no active qualification rule set')] });
    expect(s.results.rows.size).toBe(0);
    expect(s.seeded).toEqual(['demo']);
  });

  it('judges every lead once, heartbeating each page, and asks DNS once per domain per page', async () => {
    const s = setup(leads);
    const report = await s.run('r1');
    expect(report.processed).toBe(10);
    expect(report.counts).toMatchObject({ qualified: 7, needsReview: 3, unchanged: 0, dnsUnanswered: 3 });
    expect(s.results.upserts).toEqual([4, 4, 2]);
    expect(s.beats.map((b) => b.processed)).toEqual([4, 8, 10]);
    expect(s.dnsAsked.filter((d) => d === 'acme.example')).toHaveLength(3);
  });

  it('on the next run re-judges only what changed: a new timestamp, a DNS re-check, a suppression, a new rule set', async () => {
    const s = setup(leads);
    await s.run('r1');
    s.dnsAsked.length = 0;
    const again = await s.run('r2');
    // The three DNS timeouts are checked again; the rest stand.
    expect(again.counts).toMatchObject({ unchanged: 7, qualified: 7, needsReview: 3 });
    expect(s.dnsAsked).toEqual(['slow.example', 'slow.example', 'slow.example']);

    s.suppressions.addresses.add('lead1@acme.example');
    s.suppressions.domains.add('acme.example');
    leads[1] = facts(2, { updatedAt: '2026-11-04T10:00:00.000001+00:00' });
    const suppressed = await s.run('r3');
    expect(s.results.rows.get(leads[0]!.id)).toMatchObject({ decision: 'rejected', suppressed: true, runId: 'r3' });
    expect(s.results.rows.get(leads[1]!.id)).toMatchObject({ decision: 'rejected', runId: 'r3', leadUpdatedAt: '2026-11-04T10:00:00.000001+00:00' });
    expect(suppressed.counts).toMatchObject({ qualified: 0, suppressed: 7 });

    s.suppressions.domains.clear();
    const lifted = await s.run('r4');
    expect(lifted.counts).toMatchObject({ qualified: 6, suppressed: 1 });

    s.setActive({ version: 2, ruleSet: { ...DEMO_QUALIFICATION_RULE_SET, version: '2' } });
    const newRules = await s.run('r5');
    expect(newRules.counts.unchanged).toBe(0);
    expect([...s.results.rows.values()].every((r) => r.version === 2)).toBe(true);
  });

  it('resumes after the last heartbeat of a failed attempt', async () => {
    const s = setup(leads);
    const report = await s.run('r1', { after: leads[7]!.id, pages: 2, processed: 8, counts: { qualified: 5 } });
    expect(s.results.upserts).toEqual([2]);
    expect(report.processed).toBe(10);
  });

  it('asks the suppression list once per page, never once per lead', async () => {
    const s = setup(leads, 4);
    await s.run('r1');
    expect(s.suppressions.calls).toBe(3);
  });

  it('judges nothing of a page whose suppression check failed: no lead qualifies unchecked, the attempt fails naming why', async () => {
    const s = setup(leads, 4);
    await s.run('r1');
    const before = new Map([...s.results.rows].map(([id, r]) => [id, r.runId]));
    s.suppressions.down = new Error('the global suppression list (nurture service) could not be read');
    s.suppressions.addresses.add('lead1@acme.example');
    leads[0] = facts(1, { updatedAt: '2026-11-05T10:00:00.000001+00:00' });
    await expect(s.run('r2')).rejects.toThrow(/suppression list \(nurture service\) could not be read/);
    expect(new Map([...s.results.rows].map(([id, r]) => [id, r.runId]))).toEqual(before);
    // Back up: the retry judges the changed lead as suppressed.
    s.suppressions.down = null;
    await s.run('r2');
    expect(s.results.rows.get(leads[0]!.id)).toMatchObject({ decision: 'rejected', suppressed: true, runId: 'r2' });
  });
});
