import { QualificationError } from '../qualification-errors.js';
import { campaignIdOf, leadIdOf, limitOf, objectBody } from './request-values.js';

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof QualificationError) return err.details[0]?.field;
    throw err;
  }
  return undefined;
}

describe('request values', () => {
  it('accepts campaign ids, lead ids and limits', () => {
    expect(campaignIdOf('demo')).toBe('demo');
    expect(leadIdOf('0190F3A0-0000-7000-8000-000000000001')).toBe('0190f3a0-0000-7000-8000-000000000001');
    expect(limitOf(undefined, 1000)).toBe(1000);
    expect(limitOf(10_000, 1000)).toBe(10_000);
    expect(limitOf('25', 50, 500)).toBe(25);
  });

  it('refuses bad ones naming the field', () => {
    expect(fieldOf(() => campaignIdOf('Demo Campaign'))).toBe('campaignId');
    expect(fieldOf(() => leadIdOf('42', 'after'))).toBe('after');
    expect(fieldOf(() => limitOf(10_001, 1000))).toBe('limit');
    expect(fieldOf(() => limitOf('1e3', 50))).toBe('limit');
    expect(fieldOf(() => limitOf(2.5, 50))).toBe('limit');
  });

  it('refuses unknown properties, __proto__ included', () => {
    expect(fieldOf(() => objectBody(JSON.parse('{"campaignId":"demo","__proto__":{"x":1}}'), ['campaignId'], 'invalid_page'))).toBe('__proto__');
    expect(fieldOf(() => objectBody([], ['campaignId'], 'invalid_page'))).toBe('(body)');
    expect(objectBody({ campaignId: 'demo' }, ['campaignId', 'after'], 'invalid_page')).toEqual({ campaignId: 'demo' });
  });
});
