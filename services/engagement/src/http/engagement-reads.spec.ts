import { leadEngagementEventOf, leadIdParam, parkedItemOf, parkedQuery, type ParkedRow } from './engagement-reads.js';

const parked = (over: Partial<ParkedRow>): ParkedRow => ({
  id: '41',
  source: 'event-webhook',
  kind: 'open',
  received_at: new Date('2026-12-01T10:00:00Z'),
  parked_reason: 'unknown enrolment',
  email: 'ann@acme.example',
  detail: null,
  sg_message_id: 'sg-1',
  from_address: null,
  subject: null,
  ...over,
});

describe('parkedQuery', () => {
  it('takes a source, an id cursor and a page size, with a default page', () => {
    expect(parkedQuery({})).toEqual({ source: null, after: null, limit: 100 });
    expect(parkedQuery({ source: 'inbound-parse', after: '120', limit: '25' })).toEqual({ source: 'inbound-parse', after: '120', limit: 25 });
  });

  it('refuses an unknown source, a cursor it did not give out and a page outside 1-500, naming each field', () => {
    expect.assertions(2);
    try {
      parkedQuery({ source: 'smtp', after: 'abc', limit: '501' });
    } catch (err) {
      expect((err as { code: string }).code).toBe('invalid_request');
      expect((err as { details: Array<{ field: string }> }).details.map((d) => d.field)).toEqual(['source', 'after', 'limit']);
    }
  });
});

describe('leadIdParam', () => {
  it('lower-cases a UUID and refuses anything else', () => {
    expect(leadIdParam('0B5A1F7E-0000-4000-8000-000000000001')).toBe('0b5a1f7e-0000-4000-8000-000000000001');
    expect(() => leadIdParam('1; DROP TABLE')).toThrow(/lead id/);
  });
});

describe('parkedItemOf', () => {
  it('summarises an event with its address, message and detail', () => {
    expect(parkedItemOf(parked({ kind: 'bounce', detail: '550 no such user' }))).toEqual({
      id: '41',
      source: 'event-webhook',
      kind: 'bounce',
      receivedAt: '2026-12-01T10:00:00.000Z',
      reason: 'unknown enrolment',
      email: 'ann@acme.example',
      summary: 'bounce for ann@acme.example, message sg-1, 550 no such user',
    });
  });

  it('summarises a reply by its sender and subject, on one clipped line', () => {
    const item = parkedItemOf(parked({ source: 'inbound-parse', kind: 'reply', email: null, sg_message_id: null, from_address: 'bob@x.example', subject: `Re: hello\n${'x'.repeat(400)}` }));
    expect(item.email).toBe('bob@x.example');
    expect(item.summary.startsWith('Reply from bob@x.example: "Re: hello x')).toBe(true);
    expect(item.summary).toHaveLength(200);
    expect(item.summary).not.toContain('\n');
  });

  it('says why a row without a recorded reason is parked', () => {
    expect(parkedItemOf(parked({ parked_reason: null })).reason).toBe('not tied to an enrolment');
  });
});

describe('leadEngagementEventOf', () => {
  it('gives times as ISO 8601 and ids as text', () => {
    const e = leadEngagementEventOf({
      id: '7',
      kind: 'click',
      occurred_at: '2026-12-01T10:00:05Z',
      received_at: new Date('2026-12-01T10:00:09Z'),
      campaign_id: 'c1',
      enrolment_id: null,
      step: 0,
      machine: true,
      machine_reason: 'within 10 s of delivery',
      detail: 'https://x.example',
      state: 'applied',
    });
    expect(e).toMatchObject({ id: '7', at: '2026-12-01T10:00:05.000Z', receivedAt: '2026-12-01T10:00:09.000Z', machine: true, state: 'applied' });
  });
});
