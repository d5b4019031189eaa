import { matchPath } from './http.js';

describe('matchPath', () => {
  it('matches exact paths and :name segments, decoding them', () => {
    expect(matchPath('/v3/mail/send', '/v3/mail/send')).toEqual({});
    expect(matchPath('/v3/mail/send', '/v3/mail/sends')).toBeUndefined();
    expect(matchPath('/__sandbox/messages/:id/events', '/__sandbox/messages/abc-_.0/events')).toEqual({ id: 'abc-_.0' });
    expect(matchPath('/__sandbox/messages/:id/events', '/__sandbox/messages/a%2Fb/events')).toEqual({ id: 'a/b' });
  });

  it('needs every segment: no empty parameter, no extra or missing segments, no malformed escapes', () => {
    for (const path of ['/__sandbox/messages//events', '/__sandbox/messages/a/b/events', '/__sandbox/messages/a', '/__sandbox/messages/%E0%A4%A/events']) {
      expect(matchPath('/__sandbox/messages/:id/events', path)).toBeUndefined();
    }
  });
});
