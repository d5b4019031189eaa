import { distinctInOrder, normaliseMessageId, normaliseReplyToken } from './reply-keys.js';

describe('normaliseMessageId', () => {
  it('answers the ledger form: brackets, lower case', () => {
    expect(normaliseMessageId(' <AbC123.f00d@Mail.Example.COM> ')).toBe('<abc123.f00d@mail.example.com>');
    expect(normaliseMessageId('abc123.f00d@mail.example.com')).toBe('<abc123.f00d@mail.example.com>');
  });

  it('refuses what is not one Message-ID', () => {
    for (const bad of ['', '<>', 'no-at-sign', '<a@b> <c@d>', 'a b@c', '@host', 'id@']) expect(normaliseMessageId(bad)).toBeNull();
  });
});

describe('normaliseReplyToken', () => {
  it('lower-cases a token and refuses anything else', () => {
    expect(normaliseReplyToken(' 0A1b2C ')).toBe('0a1b2c');
    expect(normaliseReplyToken('has space')).toBeNull();
    expect(normaliseReplyToken('x'.repeat(65))).toBeNull();
  });
});

describe('distinctInOrder', () => {
  it('keeps the first of equal values and the given order, dropping unreadable ones', () => {
    expect(distinctInOrder(['<B@h>', 'b@H', 'bad', '<a@h>'], normaliseMessageId)).toEqual(['<b@h>', '<a@h>']);
  });
});
