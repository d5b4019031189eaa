import { InvalidRequestValueError, RequestValuesPipe } from './request-values.pipe.js';

const pipe = new RequestValuesPipe();
const param = (data: string | undefined, value: unknown) => () => pipe.transform(value, { type: 'param', data });
const query = (data: string | undefined, value: unknown) => () => pipe.transform(value, { type: 'query', data });

describe('RequestValuesPipe', () => {
  it.each<[string, () => unknown]>([
    ['a NUL byte in a lead id', param('leadId', '00000000-0000-4000-8000-00000000000\u0000')],
    ['a lead id that is not a UUID', param('leadId', 'not-a-uuid')],
    ['a NUL byte in an id', param('id', '\u0000')],
    ['a campaign id with capitals', param('campaignId', 'Q1')],
    ['a NUL byte in any text value', param('value', 'ann@example.com\u0000')],
    ['U+FFFD from undecodable bytes', param('kind', 'address\uFFFD')],
    ['a lone surrogate', param('value', 'a\uD800b')],
    ['a NUL byte in a query object', query(undefined, { q: 'acme\u0000' })],
    ['a bad campaign id in a query object', query(undefined, { campaignId: 'a b' })],
    ['a bad value in a repeated query parameter', query('cursor', ['ok', '\u0001'])],
  ])('refuses %s with 400 invalid_input naming the field', (_name, run) => {
    expect(run).toThrow(InvalidRequestValueError);
    try {
      run();
    } catch (e) {
      expect(e).toMatchObject({ code: 'invalid_input', details: [{ field: expect.any(String), message: expect.any(String) }] });
    }
  });

  it('names the field in the message', () => {
    expect(param('leadId', 'x')).toThrow('leadId must be a lead id (a UUID)');
  });

  it.each<[string, () => unknown]>([
    ['a lead id', param('leadId', '0b7d3f5e-8a1c-4b9e-9f2a-1c2d3e4f5a6b')],
    ['a campaign id', param('campaignId', 'q1-saas-cfos')],
    ['text with Unicode and a tab-free value', param('value', 'jörg@bücher.de')],
    ['a query object', query(undefined, { campaignId: 'demo', limit: '20', q: 'acme' })],
    ['an absent query value', query('campaignId', undefined)],
  ])('lets %s through unchanged', (_name, run) => {
    expect(run).not.toThrow();
  });

  it('leaves bodies to their handlers', () => {
    expect(pipe.transform({ id: '\u0000' }, { type: 'body' })).toEqual({ id: '\u0000' });
  });
});
