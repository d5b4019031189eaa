import type { MailboxCaps } from './mailbox-caps.js';
import { dailyNewLeadLimit, mailboxDailyThroughput } from './new-lead-limit.js';

const NOW = Date.parse('2026-03-05T12:00:00Z');
const caps = (over: Partial<MailboxCaps> = {}): MailboxCaps => ({ dailyCap: 50, hourlyCap: 10, minSpacingSeconds: 0, warmup: null, ...over });

describe('dailyNewLeadLimit', () => {
  it('is the mailboxes’ daily sends divided by the steps each lead needs, floored', () => {
    expect(dailyNewLeadLimit({ mailboxes: [caps(), caps()], cadenceSteps: 5, nowMs: NOW, override: null })).toBe(20);
    expect(dailyNewLeadLimit({ mailboxes: [caps({ dailyCap: 48 })], cadenceSteps: 5, nowMs: NOW, override: null })).toBe(9);
  });

  it('an override wins, even above what the mailboxes allow', () => {
    expect(dailyNewLeadLimit({ mailboxes: [caps()], cadenceSteps: 5, nowMs: NOW, override: 250 })).toBe(250);
    expect(dailyNewLeadLimit({ mailboxes: [caps()], cadenceSteps: 5, nowMs: NOW, override: 0 })).toBe(0);
  });

  it('uses today’s warm-up cap, so the limit grows with the ramp', () => {
    const warm = caps({ warmup: { startedOn: '2026-03-03', startCap: 10, dailyIncrease: 5 } }); // 20 on 5 March
    expect(dailyNewLeadLimit({ mailboxes: [warm], cadenceSteps: 5, nowMs: NOW, override: null })).toBe(4);
    expect(dailyNewLeadLimit({ mailboxes: [warm], cadenceSteps: 5, nowMs: NOW + 2 * 86_400_000, override: null })).toBe(6);
  });

  it('the hourly cap and the spacing bound a mailbox whose window is short', () => {
    expect(mailboxDailyThroughput(caps({ dailyCap: 500, hourlyCap: 10 }), NOW, 8)).toBe(80);
    expect(mailboxDailyThroughput(caps({ dailyCap: 500, hourlyCap: 100, minSpacingSeconds: 600 }), NOW, 8)).toBe(48);
    expect(dailyNewLeadLimit({ mailboxes: [caps({ dailyCap: 500, hourlyCap: 10 })], cadenceSteps: 4, nowMs: NOW, override: null, sendingHoursPerDay: 8 })).toBe(20);
  });

  it('counts only its share of a mailbox other campaigns send through', () => {
    expect(dailyNewLeadLimit({ mailboxes: [{ ...caps(), share: 0.5 }, caps()], cadenceSteps: 5, nowMs: NOW, override: null })).toBe(15);
  });

  it('is 0 without mailboxes, and refuses a sequence without steps', () => {
    expect(dailyNewLeadLimit({ mailboxes: [], cadenceSteps: 5, nowMs: NOW, override: null })).toBe(0);
    expect(() => dailyNewLeadLimit({ mailboxes: [caps()], cadenceSteps: 0, nowMs: NOW, override: null })).toThrow(RangeError);
    expect(() => dailyNewLeadLimit({ mailboxes: [caps()], cadenceSteps: 5, nowMs: NOW, override: Number.NaN })).toThrow(RangeError);
  });
});
