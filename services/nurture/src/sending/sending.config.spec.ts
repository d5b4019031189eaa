import { ConfigError } from '#libs/config';
import { readSendingConfig } from './sending.config.js';
import { unsubscribeUrl } from '../suppressions/unsubscribe-token.js';
import { mailboxCapsOf, senderConfigOf } from './step-sender.js';

describe('sending config', () => {
  it('development signs unsubscribe links with the development secret and talks to the sandbox', () => {
    const config = readSendingConfig({});
    expect(config.SENDGRID_API_KEY).toBeUndefined();
    expect(config.SENDGRID_BASE_URL).toBe('http://127.0.0.1:3090');
    expect(config.NURTURE_SEND_SETTLE_SECONDS).toBe(300);
    expect(senderConfigOf(config).UNSUBSCRIBE_SECRET).toBe('development-unsubscribe-secret');
  });

  it('outside development a missing unsubscribe secret is a config error', () => {
    expect(() => readSendingConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => readSendingConfig({ NODE_ENV: 'production' })).toThrow(/UNSUBSCRIBE_SECRET/);
    expect(senderConfigOf(readSendingConfig({ NODE_ENV: 'production', UNSUBSCRIBE_SECRET: 'a-long-enough-secret' })).UNSUBSCRIBE_SECRET).toBe('a-long-enough-secret');
  });

  it('refuses a reply domain that is not a domain', () => {
    expect(() => readSendingConfig({ NURTURE_REPLY_DOMAIN: 'not a domain' })).toThrow(/NURTURE_REPLY_DOMAIN/);
  });
});

describe('sender helpers', () => {
  it('builds the unsubscribe URL under the public API address', () => {
    expect(unsubscribeUrl('https://api.example.com/', 'a.b-c_d')).toBe('https://api.example.com/unsubscribe/a.b-c_d');
    expect(unsubscribeUrl('https://example.com/aicmo', 'tok')).toBe('https://example.com/aicmo/unsubscribe/tok');
  });

  it('reads a mailbox row into caps, warm-up only when all its columns are set', () => {
    const row = { daily_cap: 50, hourly_cap: 10, min_spacing_seconds: 90, warmup_started_on: null, warmup_start_cap: null, warmup_daily_increase: null, active: true };
    expect(mailboxCapsOf(row)).toEqual({ dailyCap: 50, hourlyCap: 10, minSpacingSeconds: 90, warmup: null });
    expect(mailboxCapsOf({ ...row, warmup_started_on: '2026-12-01', warmup_start_cap: 5, warmup_daily_increase: 3 }).warmup).toEqual({ startedOn: '2026-12-01', startCap: 5, dailyIncrease: 3 });
  });
});
