import { bounceTypeOf, describeProblem, EventBatchError, MAX_EVENTS_PER_BATCH, parseEventBatch } from './index.js';

const ENROLMENT = '0b9d2c55-3a43-4d0e-9a4f-6c1f0f3b2a11';

function event(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    email: ' Ann.Lee@Example.COM ',
    timestamp: 1_764_900_000,
    event: 'delivered',
    sg_event_id: 'ZGVsaXZlcmVkLTAtMTIz',
    sg_message_id: '14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0',
    ledger_key: `${ENROLMENT}:1:a`,
    enrolment_id: ENROLMENT.toUpperCase(),
    step: '1',
    campaign_id: 'spring-push',
    ...over,
  };
}

describe('parseEventBatch', () => {
  it('normalizes a SendGrid event: kind, id, time from unix seconds, lower-case address, custom args, the post kept as payload', () => {
    const { events, problems } = parseEventBatch([event()]);
    expect(problems).toEqual([]);
    expect(events).toEqual([
      {
        kind: 'delivered',
        sgEventId: 'ZGVsaXZlcmVkLTAtMTIz',
        timestamp: 1_764_900_000,
        occurredAt: new Date('2025-12-05T02:00:00Z'),
        email: 'ann.lee@example.com',
        sgMessageId: '14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0',
        ledgerKey: `${ENROLMENT}:1:a`,
        enrolmentId: ENROLMENT,
        campaignId: 'spring-push',
        step: 1,
        bounceType: null,
        detail: null,
        userAgent: null,
        sgMachineOpen: false,
        payload: event(),
      },
    ]);
  });

  it('takes the detail a person reads from the field each kind carries', () => {
    const { events } = parseEventBatch([
      event({ event: 'click', url: 'https://example.com/pricing', useragent: 'Mozilla/5.0' }),
      event({ event: 'bounce', type: 'bounce', reason: '550 5.1.1 no such user' }),
      event({ event: 'dropped', reason: 'Bounced Address' }),
      event({ event: 'deferred', response: '451 try again later' }),
      event({ event: 'deferred', reason: 'greylisted' }),
      event({ event: 'open', sg_machine_open: true, url: 'ignored' }),
    ]);
    expect(events.map((e) => [e.kind, e.detail, e.bounceType])).toEqual([
      ['click', 'https://example.com/pricing', null],
      ['bounce', '550 5.1.1 no such user', 'hard'],
      ['dropped', 'Bounced Address', null],
      ['deferred', '451 try again later', null],
      ['deferred', 'greylisted', null],
      ['open', null, null],
    ]);
    expect(events[0]!.userAgent).toBe('Mozilla/5.0');
    expect(events[5]!.sgMachineOpen).toBe(true);
    expect(events[0]!.sgMachineOpen).toBe(false);
  });

  it('takes every event type of the issue', () => {
    const kinds = ['processed', 'delivered', 'deferred', 'open', 'click', 'bounce', 'dropped', 'spamreport', 'unsubscribe', 'group_unsubscribe'];
    const { events, problems } = parseEventBatch(kinds.map((k, i) => event({ event: k, sg_event_id: `e${i}` })));
    expect(problems).toEqual([]);
    expect(events.map((e) => e.kind)).toEqual(kinds);
  });

  it('reports a bad item by index and field and still takes the good ones', () => {
    const { events, problems } = parseEventBatch([
      event({ sg_event_id: 'ok-0' }),
      event({ sg_event_id: 'ok-1', event: 'group_resubscribe' }),
      event({ sg_event_id: 'ok-2' }),
      event({ sg_event_id: 'ok-3', timestamp: 1_764_900_000_000 }),
      event({ sg_event_id: 'ok-4', enrolment_id: 'not-a-uuid', step: '-1' }),
      'not an object',
      event({ sg_event_id: '', email: 'nobody', timestamp: '1764900000' }),
    ]);
    expect(events.map((e) => e.sgEventId)).toEqual(['ok-0', 'ok-2']);
    expect(problems.map(describeProblem)).toEqual([
      '[1].event: unknown event type "group_resubscribe" (taken: processed, delivered, deferred, open, click, bounce, dropped, spamreport, unsubscribe, group_unsubscribe)',
      '[3].timestamp: must be a unix time in seconds',
      '[4].enrolment_id: must be a UUID',
      '[4].step: must be a whole number ≥ 0',
      '[5].(event): must be a JSON object',
      '[6].sg_event_id: must be a non-empty string of at most 255 characters',
      '[6].timestamp: must be a unix time in seconds',
      '[6].email: must be an email address',
    ]);
  });

  it('takes absent, null or empty custom args as not there, and a numeric step as a number', () => {
    const { events, problems } = parseEventBatch([event({ enrolment_id: null, ledger_key: '', campaign_id: undefined, step: 3 }), event({ step: null, sg_message_id: null })]);
    expect(problems).toEqual([]);
    expect(events[0]).toMatchObject({ enrolmentId: null, ledgerKey: null, campaignId: null, step: 3 });
    expect(events[1]).toMatchObject({ step: null, sgMessageId: null });
  });

  it('refuses a campaign id that is not one, a fractional step and a fractional timestamp', () => {
    const { problems } = parseEventBatch([event({ campaign_id: 'Spring Push', step: 1.5, timestamp: 1_764_900_000.5 })]);
    expect(problems.map((p) => p.field)).toEqual(['timestamp', 'campaign_id', 'step']);
  });

  it('removes NUL and lone surrogates, which PostgreSQL refuses, from text and payload', () => {
    const { events } = parseEventBatch([event({ event: 'bounce', reason: 'bad\u0000 mailbox \ud800', odd: ['x\u0000y'] })]);
    expect(events[0]!.detail).toBe('bad mailbox \ufffd');
    expect(events[0]!.payload.odd).toEqual(['xy']);
    expect(JSON.stringify(events[0]!.payload)).not.toMatch(/\\u0000|\\ud800/);
  });

  it('keeps a "__proto__" key of the post as a key', () => {
    const item = JSON.parse('{"email":"a@b.co","timestamp":1764900000,"event":"open","sg_event_id":"p1","__proto__":{"polluted":true}}');
    const { events } = parseEventBatch([item]);
    expect(Object.getPrototypeOf(events[0]!.payload)).toBe(Object.prototype);
    expect(Object.keys(events[0]!.payload)).toContain('__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('cuts long display text instead of refusing the event, and refuses ids too long to index', () => {
    const { events, problems } = parseEventBatch([event({ event: 'click', url: 'https://x.example/' + 'a'.repeat(5000) }), event({ sg_event_id: 'x'.repeat(256) })]);
    expect(events[0]!.detail).toHaveLength(2000);
    expect(problems).toEqual([{ index: 1, field: 'sg_event_id', message: 'must be a non-empty string of at most 255 characters' }]);
  });

  it('refuses a body that is not an array, or has more events than one post may carry, as a whole', () => {
    for (const body of [{}, null, 'x', 42, { events: [] }]) expect(() => parseEventBatch(body)).toThrow(EventBatchError);
    expect(() => parseEventBatch(new Array(MAX_EVENTS_PER_BATCH + 1).fill(event()))).toThrow('the batch has 10001 events; at most 10000 are taken per post');
    expect(parseEventBatch([])).toEqual({ events: [], problems: [] });
    expect(parseEventBatch(new Array(MAX_EVENTS_PER_BATCH).fill(event())).events).toHaveLength(MAX_EVENTS_PER_BATCH);
  });
});

describe('bounceTypeOf', () => {
  it('is hard for type bounce, soft for type blocked, hard for an invalid address whatever the type', () => {
    expect(bounceTypeOf('bounce', 'Reputation')).toBe('hard');
    expect(bounceTypeOf('blocked', 'Reputation')).toBe('soft');
    expect(bounceTypeOf('Blocked', undefined)).toBe('soft');
    expect(bounceTypeOf('blocked', 'Invalid Address')).toBe('hard');
  });

  it('without a type: soft for a temporary classification, hard otherwise (unclassified included)', () => {
    for (const c of ['Technical', 'Content', 'Reputation', 'Frequency/Volume', 'Mailbox Unavailable']) expect(bounceTypeOf(undefined, c)).toBe('soft');
    for (const c of ['Invalid Address', 'Unclassified', undefined, 42]) expect(bounceTypeOf(undefined, c)).toBe('hard');
  });
});
