import { eventContentKey, parseEventBatch } from '#libs/engagement-events';
import { eventInboxInsert, inboxColumns, sqlStateOf } from './inbox-writer.js';

const draft = (over: Record<string, unknown> = {}) =>
  parseEventBatch([{ email: 'Ann@Example.com', timestamp: 1_764_900_000, event: 'open', sg_event_id: 'e1', sg_message_id: 'm1.filter0001.1.0', enrolment_id: '0b9d2c55-3a43-4d0e-9a4f-6c1f0f3b2a11', step: '2', ...over }]).events[0]!;

describe('eventInboxInsert', () => {
  it('keeps the event with its content key and no machine flag for an ordinary open', () => {
    const d = draft();
    expect(eventInboxInsert(d)).toEqual({
      kind: 'open',
      sgEventId: 'e1',
      contentKey: eventContentKey(d),
      occurredAt: new Date(1_764_900_000_000),
      email: 'ann@example.com',
      sgMessageId: 'm1.filter0001.1.0',
      ledgerKey: null,
      enrolmentId: '0b9d2c55-3a43-4d0e-9a4f-6c1f0f3b2a11',
      campaignId: null,
      step: 2,
      bounceType: null,
      detail: null,
      userAgent: null,
      machine: false,
      machineReason: null,
      payload: d.payload,
    });
  });

  it('flags what the event says itself: Apple MPP and a scanner user agent, not speed (the signaller knows the delivery)', () => {
    expect(eventInboxInsert(draft({ sg_machine_open: true }))).toMatchObject({ machine: true, machineReason: 'Apple Mail Privacy Protection fetched the open pixel (sg_machine_open)' });
    expect(eventInboxInsert(draft({ event: 'click', url: 'https://x.example', useragent: 'Mimecast-URL-Protect/1.0' }))).toMatchObject({ machine: true, machineReason: 'clicked by a Mimecast URL protection (user agent)' });
    expect(eventInboxInsert(draft({ event: 'click', url: 'https://x.example', useragent: 'Mozilla/5.0' })).machine).toBe(false);
  });
});

describe('inboxColumns', () => {
  it('gives one array per column, rows in order, times as ISO text and payloads as JSON text', () => {
    const rows = [eventInboxInsert(draft()), eventInboxInsert(draft({ sg_event_id: 'e2', event: 'bounce', type: 'blocked', reason: 'later', step: null }))];
    const cols = inboxColumns(rows);
    expect(cols).toHaveLength(16);
    expect(cols.every((c) => c.length === 2)).toBe(true);
    expect(cols[0]).toEqual(['open', 'bounce']);
    expect(cols[1]).toEqual(['e1', 'e2']);
    expect(cols[3]).toEqual(['2025-12-05T02:00:00.000Z', '2025-12-05T02:00:00.000Z']);
    expect(cols[9]).toEqual([2, null]);
    expect(cols[10]).toEqual([null, 'soft']);
    expect(cols[11]).toEqual([null, 'later']);
    expect(JSON.parse(cols[15]![1] as string)).toMatchObject({ sg_event_id: 'e2', type: 'blocked' });
  });

  it('gives empty columns for no rows (a post whose events were all left out still records its batch)', () => {
    expect(inboxColumns([])).toEqual(new Array(16).fill([]));
  });
});

describe('sqlStateOf', () => {
  it("reads node-postgres' code, or the one a TypeORM error wraps, and nothing else", () => {
    expect(sqlStateOf({ code: '40P01' })).toBe('40P01');
    expect(sqlStateOf({ driverError: { code: '23514' }, code: undefined })).toBe('23514');
    expect([sqlStateOf(new Error('x')), sqlStateOf(null), sqlStateOf({ code: 7 })]).toEqual([undefined, undefined, undefined]);
  });
});
