import fc from 'fast-check';
import { explainMailboxPick, pickMailbox, type CampaignMailbox } from './pick-mailbox.js';

const rotation: CampaignMailbox[] = [
  { id: 'mb-anna', weight: 3 },
  { id: 'mb-ben', weight: 2 },
  { id: 'mb-cara', weight: 1 },
];
const owners = [
  { id: 'mb-olga', ownerId: 'olga' },
  { id: 'mb-pete', ownerId: 'pete', active: false },
];
const keys = (n: number) => Array.from({ length: n }, (_, i) => `demo/lead-${i}`);

describe('pickMailbox', () => {
  it('takes the routed owner’s mailbox when the owner has one', () => {
    expect(explainMailboxPick({ ownerId: 'olga', ownerMailboxes: owners, campaignMailboxes: rotation, key: 'demo/l1' })).toEqual({ mailboxId: 'mb-olga', via: 'owner' });
  });

  it('rotates over the campaign’s mailboxes when the owner has no active mailbox, or there is no owner', () => {
    for (const ownerId of ['pete', 'nobody', null, undefined]) {
      const pick = explainMailboxPick({ ownerId, ownerMailboxes: owners, campaignMailboxes: rotation, key: 'demo/l1' });
      expect(pick.via).toBe('rotation');
      expect(rotation.map((m) => m.id)).toContain(pick.mailboxId);
    }
  });

  it('returns null when there is nothing to send from', () => {
    expect(pickMailbox({ ownerId: null, ownerMailboxes: owners, campaignMailboxes: [], key: 'k' })).toBeNull();
    expect(pickMailbox({ ownerId: null, ownerMailboxes: [], campaignMailboxes: [{ id: 'mb-x', weight: 1, active: false }, { id: 'mb-y', weight: 0 }], key: 'k' })).toBeNull();
  });

  it('skips inactive and zero-weight mailboxes in the rotation', () => {
    const mailboxes = [{ id: 'mb-off', weight: 5, active: false }, { id: 'mb-zero', weight: 0 }, { id: 'mb-on', weight: 1 }];
    for (const key of keys(200)) expect(pickMailbox({ ownerId: null, ownerMailboxes: [], campaignMailboxes: mailboxes, key })).toBe('mb-on');
  });

  it('is deterministic by key and does not depend on the order mailboxes are listed in', () => {
    fc.assert(
      fc.property(fc.string(), fc.shuffledSubarray(rotation, { minLength: 3, maxLength: 3 }), (key, shuffled) => {
        const a = pickMailbox({ ownerId: null, ownerMailboxes: [], campaignMailboxes: rotation, key });
        const b = pickMailbox({ ownerId: null, ownerMailboxes: [], campaignMailboxes: shuffled, key });
        expect(b).toBe(a);
      }),
    );
  });

  it('is even by weight over many keys', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 1, maxLength: 6 }), fc.string({ minLength: 1, maxLength: 8 }), (weights, prefix) => {
        const mailboxes = weights.map((weight, i) => ({ id: `mb-${i}`, weight }));
        const total = weights.reduce((s, w) => s + w, 0);
        const n = 10_000;
        const counts = new Map<string, number>();
        for (let i = 0; i < n; i++) {
          const id = pickMailbox({ ownerId: null, ownerMailboxes: [], campaignMailboxes: mailboxes, key: `${prefix}/${i}` })!;
          counts.set(id, (counts.get(id) ?? 0) + 1);
        }
        // Each share within 2.5 percentage points of its weight (5 standard deviations or more at n = 10,000).
        mailboxes.forEach((m) => expect(Math.abs((counts.get(m.id) ?? 0) / n - m.weight / total)).toBeLessThan(0.025));
      }),
      { numRuns: 10 },
    );
  });

  it('adding a mailbox only moves leads onto the new one', () => {
    const before = keys(3000).map((key) => pickMailbox({ ownerId: null, ownerMailboxes: [], campaignMailboxes: rotation, key }));
    const after = keys(3000).map((key) => pickMailbox({ ownerId: null, ownerMailboxes: [], campaignMailboxes: [...rotation, { id: 'mb-dan', weight: 2 }], key }));
    const moved = after.filter((id, i) => id !== before[i]);
    expect(new Set(moved)).toEqual(new Set(['mb-dan']));
    expect(moved.length / 3000).toBeGreaterThan(0.2); // 2/8 of the keys, give or take
  });
});
