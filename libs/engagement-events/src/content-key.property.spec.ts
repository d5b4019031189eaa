import fc from 'fast-check';
import { SENDGRID_EVENT_TYPES } from '#libs/contracts';
import { eventContentKey, parseEventBatch } from './index.js';

/**
 * Properties of the content key over generated SendGrid posts: what SendGrid may change between two posts of one
 * event (sg_event_id, the filter suffix, key order, fields outside the identity) leaves the key alone; a change to
 * any identifying field changes it.
 */
const post = fc.record({
  event: fc.constantFrom(...SENDGRID_EVENT_TYPES),
  email: fc.emailAddress(),
  timestamp: fc.integer({ min: 1_000_000_000, max: 4_000_000_000 }),
  sg_event_id: fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0),
  sg_message_id: fc.stringMatching(/^[A-Za-z0-9_-]{8,22}$/),
  url: fc.webUrl(),
  reason: fc.string({ minLength: 1, maxLength: 60 }).filter((s) => s.trim().length > 0),
  type: fc.constantFrom('bounce', 'blocked'),
  ledger_key: fc.uuid(),
});
const keyOf = (o: Record<string, unknown>) => {
  const { events, problems } = parseEventBatch([o]);
  if (problems.length) throw new Error(JSON.stringify(problems));
  return eventContentKey(events[0]!);
};
const shuffled = (o: Record<string, unknown>, seed: number) => {
  const entries = Object.entries(o);
  for (let i = entries.length - 1; i > 0; i--) {
    const j = (seed * (i + 7)) % (i + 1);
    [entries[i], entries[j]] = [entries[j]!, entries[i]!];
  }
  return Object.fromEntries(entries);
};

describe('eventContentKey (properties)', () => {
  it('is stable under key order, a new sg_event_id, another filter suffix and extra fields', () => {
    fc.assert(
      fc.property(post, fc.string({ minLength: 1, maxLength: 40 }), fc.nat(), fc.integer({ min: 0, max: 9999 }), (p, newId, seed, filter) => {
        const again = shuffled({ ...p, sg_event_id: newId.trim() || 'x', sg_message_id: `${p.sg_message_id}.filter${filter}.1.0`, useragent: 'Mozilla/5.0', ip: '10.0.0.1' }, seed);
        expect(keyOf(again)).toBe(keyOf(p));
      }),
    );
  });

  it('changes when an identifying field changes', () => {
    fc.assert(
      fc.property(post, post, fc.constantFrom('event', 'email', 'timestamp', 'sg_message_id', 'ledger_key', 'detail'), (p, other, field) => {
        const changed: Record<string, unknown> = { ...p };
        if (field === 'detail') {
          // The detail is the URL of a click and the reason of a bounce; another kind carries neither.
          fc.pre(p.event === 'click' ? other.url !== p.url : p.event === 'bounce' ? other.reason.trim() !== p.reason.trim() : false);
          changed.url = other.url;
          changed.reason = other.reason;
        } else {
          const a = field === 'email' ? p.email.toLowerCase() : p[field];
          const b = field === 'email' ? other.email.toLowerCase() : other[field];
          fc.pre(a !== b);
          changed[field] = other[field];
        }
        expect(keyOf(changed)).not.toBe(keyOf(p));
      }),
    );
  });

  it("changes with a bounce's type when that changes hard to soft", () => {
    fc.assert(
      fc.property(post, (p) => {
        const bounce = { ...p, event: 'bounce', type: 'bounce' };
        expect(keyOf({ ...bounce, type: 'blocked' })).not.toBe(keyOf(bounce));
      }),
    );
  });
});
