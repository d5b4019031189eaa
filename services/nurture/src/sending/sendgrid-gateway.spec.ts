import { activityAnswerOf, ledgerKeyQuery } from './sendgrid-gateway.js';

describe('Email Activity helpers', () => {
  it('queries the ledger key as a custom_args (unique_args) term', () => {
    expect(ledgerKeyQuery('e1/0/a')).toBe(`unique_args['ledger_key']="e1/0/a"`);
    expect(ledgerKeyQuery('a"b')).toBe(`unique_args['ledger_key']="a\\"b"`);
  });

  it('reads found, not found and malformed answers', () => {
    expect(activityAnswerOf({ messages: [{ msg_id: 'abc.0', status: 'delivered' }] })).toEqual({ kind: 'found', msgId: 'abc.0' });
    expect(activityAnswerOf({ messages: [] })).toEqual({ kind: 'not-found' });
    expect(activityAnswerOf({})).toMatchObject({ kind: 'no-answer' });
    expect(activityAnswerOf(null)).toMatchObject({ kind: 'no-answer' });
  });
});
