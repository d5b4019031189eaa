import { baseMessageId, eventContentKey, parseEventBatch, replyContentKey } from './index.js';

describe('baseMessageId', () => {
  it("drops SendGrid's filter suffix and keeps an id without one", () => {
    expect(baseMessageId('14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0')).toBe('14c5d75ce93.dfd.64b469');
    expect(baseMessageId('LRzXl66cTGuaQZJYrkQ5Yw.filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC76C-9.0')).toBe('LRzXl66cTGuaQZJYrkQ5Yw');
    expect(baseMessageId('LRzXl66cTGuaQZJYrkQ5Yw.recvd-5f54b5d587-7lzjn-1-5F5FC76C-1.0')).toBe('LRzXl66cTGuaQZJYrkQ5Yw');
    expect(baseMessageId('LRzXl66cTGuaQZJYrkQ5Yw')).toBe('LRzXl66cTGuaQZJYrkQ5Yw');
    expect(baseMessageId(null)).toBeNull();
  });
});

describe('eventContentKey', () => {
  const post = { email: 'ann@example.com', timestamp: 1_764_900_000, event: 'click', url: 'https://example.com/a', sg_event_id: 'one', sg_message_id: 'abc.filter0001.1.0', ledger_key: 'k' };
  const keyOf = (o: Record<string, unknown>) => eventContentKey(parseEventBatch([o]).events[0]!);

  it('is a sha256 hex digest', () => {
    expect(keyOf(post)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is the same for the same event re-posted under a new sg_event_id through another filter server', () => {
    expect(keyOf({ ...post, sg_event_id: 'two', sg_message_id: 'abc.filterdrecv-p3-9.0', useragent: 'other' })).toBe(keyOf(post));
  });

  it('differs for another URL, second, address, message, kind, ledger key, bounce type or reason', () => {
    const base = keyOf(post);
    for (const change of [{ url: 'https://example.com/b' }, { timestamp: 1_764_900_001 }, { email: 'bob@example.com' }, { sg_message_id: 'abd.filter0001.1.0' }, { event: 'open' }, { ledger_key: 'k2' }]) {
      expect(keyOf({ ...post, ...change })).not.toBe(base);
    }
    const bounce = { ...post, event: 'bounce', type: 'bounce', reason: '550 no such user' };
    expect(keyOf({ ...bounce, type: 'blocked' })).not.toBe(keyOf(bounce));
    expect(keyOf({ ...bounce, reason: '552 mailbox full' })).not.toBe(keyOf(bounce));
  });
});

describe('replyContentKey', () => {
  it('is the Message-ID, with or without angle brackets and blanks', () => {
    expect(replyContentKey({ messageId: '<CAB12@mail.gmail.com>' })).toBe(replyContentKey({ messageId: ' CAB12@mail.gmail.com ' }));
    expect(replyContentKey({ messageId: '<CAB12@mail.gmail.com>' })).not.toBe(replyContentKey({ messageId: '<CAB13@mail.gmail.com>' }));
  });

  it('without a Message-ID, is who sent what when; a blank Message-ID counts as none', () => {
    const r = { messageId: null, from: 'Ann@Example.com', subject: 'Re: hi', date: 'Fri, 5 Dec 2025 10:00:00 +0000', body: 'Yes please' };
    expect(replyContentKey(r)).toBe(replyContentKey({ ...r, from: 'ann@example.com' }));
    expect(replyContentKey({ ...r, messageId: '<>' })).toBe(replyContentKey(r));
    for (const change of [{ subject: 'Re: ho' }, { date: 'Fri, 5 Dec 2025 10:00:01 +0000' }, { body: 'No thanks' }, { from: 'bob@example.com' }]) {
      expect(replyContentKey({ ...r, ...change })).not.toBe(replyContentKey(r));
    }
  });

  it('never equals an event key of the same text', () => {
    expect(replyContentKey({ messageId: 'x' })).not.toBe(replyContentKey({ messageId: null, from: 'x' }));
  });
});
