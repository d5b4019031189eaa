import { isCampaignId } from './campaigns.js';

describe('isCampaignId', () => {
  it.each(['demo', 'q1-saas-cfos', '7', 'a'.repeat(63), '0-'])('accepts %s', (id) => expect(isCampaignId(id)).toBe(true));

  it.each(['', '-demo', 'Demo', 'q1_saas', 'a'.repeat(64), 'demo/x', ' demo', 'demo\n', 7, null, undefined])('refuses %p', (id) => expect(isCampaignId(id)).toBe(false));
});
