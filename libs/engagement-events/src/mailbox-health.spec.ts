import { DEFAULT_MAILBOX_HEALTH } from '#libs/contracts';
import { mailboxHealth, percent } from './index.js';

const t = DEFAULT_MAILBOX_HEALTH;

describe('mailboxHealth', () => {
  it('says why a mailbox pauses, with the rate, the threshold, the window and the counts', () => {
    expect(mailboxHealth({ deliveries: 146, bounces: 5, spamReports: 0 }, { ...t, minDeliveries: 100 }, 'mb-1')).toEqual({
      mailboxId: 'mb-1',
      windowDays: 7,
      deliveries: 146,
      bounces: 5,
      spamReports: 0,
      bounceRate: 5 / 146,
      spamRate: 0,
      pauseReason: 'bounces 3.4% ≥ 3% over 7 days (5 of 146 deliveries)',
    });
  });

  it('pauses at exactly the thresholds and not just below', () => {
    expect(mailboxHealth({ deliveries: 100, bounces: 3, spamReports: 0 }, t, 'm').pauseReason).toBe('bounces 3% ≥ 3% over 7 days (3 of 100 deliveries)');
    expect(mailboxHealth({ deliveries: 101, bounces: 3, spamReports: 0 }, t, 'm').pauseReason).toBeNull();
    expect(mailboxHealth({ deliveries: 1000, bounces: 0, spamReports: 1 }, t, 'm').pauseReason).toBe('spam reports 0.1% ≥ 0.1% over 7 days (1 of 1000 deliveries)');
    expect(mailboxHealth({ deliveries: 1001, bounces: 0, spamReports: 1 }, t, 'm').pauseReason).toBeNull();
    expect(mailboxHealth({ deliveries: 100, bounces: 7, spamReports: 0 }, { ...t, maxBounceRate: 0.07 }, 'm').pauseReason).toBe('bounces 7% ≥ 7% over 7 days (7 of 100 deliveries)');
  });

  it('judges only from the minimum deliveries, but shows the rates before', () => {
    const h = mailboxHealth({ deliveries: 99, bounces: 50, spamReports: 10 }, t, 'm');
    expect(h.pauseReason).toBeNull();
    expect(h.bounceRate).toBeCloseTo(50 / 99);
    expect(mailboxHealth({ deliveries: 100, bounces: 50, spamReports: 10 }, t, 'm').pauseReason).toBe(
      'bounces 50% ≥ 3% over 7 days (50 of 100 deliveries); spam reports 10% ≥ 0.1% over 7 days (10 of 100 deliveries)',
    );
  });

  it('has zero rates and no reason without deliveries', () => {
    expect(mailboxHealth({ deliveries: 0, bounces: 2, spamReports: 1 }, { ...t, minDeliveries: 0 }, 'm')).toMatchObject({ bounceRate: 0, spamRate: 0, pauseReason: null });
  });

  it('names a one-day window in the singular', () => {
    expect(mailboxHealth({ deliveries: 10, bounces: 1, spamReports: 0 }, { ...t, windowDays: 1, minDeliveries: 10 }, 'm').pauseReason).toBe('bounces 10% ≥ 3% over 1 day (1 of 10 deliveries)');
  });
});

describe('percent', () => {
  it('shows one decimal from 1% and two significant digits below', () => {
    expect([0.0342, 0.03, 0.001, 0.000686, 0, 1, 0.0012].map(percent)).toEqual(['3.4%', '3%', '0.1%', '0.069%', '0%', '100%', '0.12%']);
  });
});
