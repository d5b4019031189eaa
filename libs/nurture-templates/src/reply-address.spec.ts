import { parseReplyToken, replyToAddress } from './reply-address.js';

const token = '3f2a9c1be4d04c6f8a7b5e1d2c3b4a59';

describe('reply addresses', () => {
  it('is reply+<token>@<domain>', () => {
    expect(replyToAddress({ token, replyDomain: 'Reply.Cam.Example' })).toBe(`reply+${token}@reply.cam.example`);
    expect(replyToAddress({ token, replyDomain: 'reply.cam.example', localPart: 'r' })).toBe(`r+${token}@reply.cam.example`);
  });

  it('round-trips through the forms a reply arrives in', () => {
    const address = replyToAddress({ token, replyDomain: 'reply.cam.example' });
    for (const form of [address, `<${address}>`, `"Acme Sales" <${address}>`, address.replace('reply+', 'REPLY+')]) {
      expect(parseReplyToken(form)).toBe(token);
    }
    expect(parseReplyToken(`r+${token}@reply.cam.example`, 'r')).toBe(token);
  });

  it('is null for other addresses', () => {
    for (const other of ['ana@acme.example', 'reply@reply.cam.example', `noreply+${token}@x.example`, 'reply+@x.example', 'reply+a b@x.example', '']) {
      expect(parseReplyToken(other)).toBeNull();
    }
  });

  it('refuses tokens and domains that would break the address', () => {
    expect(() => replyToAddress({ token: 'ana@acme', replyDomain: 'reply.cam.example' })).toThrow(RangeError);
    expect(() => replyToAddress({ token, replyDomain: 'reply.cam.example>' })).toThrow(RangeError);
  });
});
