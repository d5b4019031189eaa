import { stageReport } from './stage-report.js';

describe('stageReport', () => {
  it('completes when a few domains are dead, even if they are all this run asked about', () => {
    const counts = { qualified: 90, unchanged: 98, dnsUnanswered: 2, domainsChecked: 2, domainsUnanswered: 2 };
    expect(stageReport('demo', { after: 'x', pages: 1, processed: 100, counts })).toEqual({ campaignId: 'demo', status: 'completed', processed: 100, counts, problems: [] });
  });

  it('degrades, naming the setting, when no domain of many got an answer', () => {
    const report = stageReport('demo', { after: 'x', pages: 1, processed: 1000, counts: { unchanged: 900, dnsUnanswered: 100, domainsChecked: 40, domainsUnanswered: 40 } });
    expect(report.status).toBe('degraded');
    expect(report.problems[0]).toContain('any of the 40 domains');
    expect(report.problems[0]).toContain('QUALIFY_DNS_SERVERS');
  });

  it('degrades when most of the campaign has no DNS answer', () => {
    const report = stageReport('demo', { after: 'x', pages: 1, processed: 10, counts: { dnsUnanswered: 6, domainsChecked: 3, domainsUnanswered: 2 } });
    expect(report.problems[0]).toContain('6 of 10 leads');
  });

  it('completes an empty campaign', () => {
    expect(stageReport('demo', { after: null, pages: 0, processed: 0, counts: {} }).status).toBe('completed');
  });
});
