import { SentMailStore, newMessageId, toSentMails, type SentMail } from './store.js';

const mail = (n: number, to = `r${n}@example.com`): SentMail => ({
  sgMessageId: `m.${n}`, xMessageId: 'm', to: [{ email: to }], cc: [], bcc: [], from: { email: 's@example.org' },
  subject: `s${n}`, headers: {}, customArgs: {}, categories: [], receivedAt: new Date(0).toISOString(),
});

describe('SentMailStore', () => {
  it('keeps only the newest `capacity` records and lists newest first', () => {
    const store = new SentMailStore(3);
    store.add([mail(1), mail(2)]);
    store.add([mail(3), mail(4)]);
    expect(store.size).toBe(3);
    expect(store.list().map((m) => m.subject)).toEqual(['s4', 's3', 's2']);
    expect(store.list({ limit: 1 }).map((m) => m.subject)).toEqual(['s4']);
    expect(store.list({ to: ' R3@EXAMPLE.com ' }).map((m) => m.subject)).toEqual(['s3']);
  });

  it('notifies listeners and survives a failing one', () => {
    const store = new SentMailStore();
    const seen: string[] = [];
    const logged: unknown[] = [];
    const original = console.error;
    console.error = (line: unknown) => void logged.push(line); // no `jest` global under ESM
    try {
      store.onAdd(() => {
        throw new Error('boom');
      });
      const off = store.onAdd((ms) => seen.push(...ms.map((m) => m.subject)));
      store.add([mail(1)]);
      off();
      store.add([mail(2)]);
    } finally {
      console.error = original;
    }
    expect(seen).toEqual(['s1']);
    expect(logged).toHaveLength(2);
  });
});

describe('toSentMails', () => {
  it('keeps a JSON `__proto__` key as plain data instead of changing prototypes', () => {
    const body = JSON.parse('{"personalizations":[{"to":[{"email":"a@example.com"}]}],"from":{"email":"s@example.org"},"subject":"x","custom_args":{"__proto__":{"polluted":"yes"}}}');
    const [record] = toSentMails(body, newMessageId(), new Date());
    expect(Object.getPrototypeOf(record!.customArgs)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
