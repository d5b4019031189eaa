import { addressesIn, fromAddressOf, readReply } from './reply-facts.js';

const receivedAt = new Date('2026-12-05T10:00:00Z');
const options = { messageIdDomain: 'mail.cam.example', receivedAt, defaultOutOfOfficeDays: 7 };
const ours = '<a1b2.c3d4@mail.cam.example>';

function post(over: Record<string, string> = {}, headerLines: string[] = []) {
  return {
    headers: [`From: Anna <anna@acme.example>`, `Message-ID: <reply-1@acme.example>`, `In-Reply-To: ${ours}`, `References: <x@elsewhere.example> ${ours}`, `Date: Sat, 05 Dec 2026 09:58:00 +0000`, ...headerLines].join('\n'),
    from: 'Anna Schmidt <Anna@Acme.example>',
    to: '"Sales, Team" <reply+tok123@reply.cam.example>',
    subject: 'Re: Quick question',
    text: "Let's talk next week.\n\nOn Thu, Dec 3, 2026 at 10:00 AM Sam <sam@seller.example> wrote:\n> Reply STOP to unsubscribe\n",
    ...over,
  };
}

describe('readReply', () => {
  it('reads the sender, the reply token, our Message-IDs, the visible text and the class', () => {
    const f = readReply(post(), options);
    expect(f).toMatchObject({
      fromAddress: 'anna@acme.example',
      replyTokens: ['tok123'],
      ourMessageIds: [ours],
      messageId: '<reply-1@acme.example>',
      kind: 'reply',
      replyClass: 'interested',
      visibleText: "Let's talk next week.",
      outOfOfficeUntil: null,
      occurredAt: new Date('2026-12-05T09:58:00Z'),
    });
  });

  it('finds tokens in Cc and the envelope, and Message-IDs only on our domain (case-insensitive)', () => {
    const headers = `In-Reply-To: <Z9@MAIL.CAM.EXAMPLE>\nReferences: <first@mail.cam.example> <x@elsewhere.example>\n ${ours}`;
    const f = readReply(post({ headers, to: 'anna@acme.example', cc: 'Reply+CcTok@reply.cam.example', envelope: JSON.stringify({ to: ['reply+envtok@reply.cam.example'], from: 'anna@acme.example' }) }), options);
    expect(f.replyTokens).toEqual(['CcTok', 'envtok']);
    // In-Reply-To first, then References newest first; <x@elsewhere.example> is not ours.
    expect(f.ourMessageIds).toEqual(['<Z9@MAIL.CAM.EXAMPLE>', ours, '<first@mail.cam.example>']);
    expect(readReply(post({}, []), { ...options, messageIdDomain: 'other.example' }).ourMessageIds).toEqual([]);
  });

  it('an out-of-office in German pauses until the date it names', () => {
    const f = readReply(post({ subject: 'Abwesenheitsnotiz: Kurze Frage', text: 'Ich bin bis zum 15.01. nicht im Büro.' }, ['Auto-Submitted: auto-replied']), options);
    expect(f.kind).toBe('out_of_office');
    expect(f.replyClass).toBe('out_of_office');
    expect(f.outOfOfficeUntil?.toISOString().slice(0, 10)).toBe('2027-01-15');
  });

  it('an out-of-office naming no date waits the default days', () => {
    const f = readReply(post({ subject: 'Out of Office', text: 'I am on vacation with limited access to email.' }), options);
    expect(f.kind).toBe('out_of_office');
    expect(f.outOfOfficeUntil).toEqual(new Date(receivedAt.getTime() + 7 * 86_400_000));
  });

  it('another auto-reply is kind auto_reply, class other', () => {
    const f = readReply(post({ subject: 'Automatic reply: Quick question', text: 'We received your request. Ticket #4711.' }), options);
    expect(f).toMatchObject({ kind: 'auto_reply', replyClass: 'other', outOfOfficeUntil: null });
  });

  it('keeps the content key of the same mail posted again, and tells other mails apart', () => {
    expect(readReply(post(), options).contentKey).toBe(readReply(post({ text: 'different body, same Message-ID' }), options).contentKey);
    expect(readReply(post(), options).contentKey).not.toBe(readReply(post({ headers: 'Message-ID: <reply-2@acme.example>' }), options).contentKey);
    const noId = post({ headers: 'From: x@y.example' });
    expect(readReply(noId, options).contentKey).toBe(readReply(noId, options).contentKey);
  });

  it('takes the arrival time for an implausible Date header and strips NUL characters', () => {
    const f = readReply(post({ headers: 'Date: Mon, 01 Jan 1990 00:00:00 +0000', text: 'No\u0000 thanks' }), options);
    expect(f.occurredAt).toEqual(receivedAt);
    expect(f.rawText).toBe('No thanks');
  });
});

describe('addresses', () => {
  it('lists addresses in a list with quoted names and brackets', () => {
    expect(addressesIn('"Doe, Jane" <jane@x.example>, bob@y.example; <c@z.example>')).toEqual(['jane@x.example', 'bob@y.example', 'c@z.example']);
    expect(fromAddressOf('Anna <ANNA@acme.example>')).toBe('anna@acme.example');
    expect(fromAddressOf('anna@acme.example')).toBe('anna@acme.example');
    expect(fromAddressOf('')).toBeNull();
  });
});
