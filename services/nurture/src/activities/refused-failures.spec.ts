import { ApplicationFailure } from '@temporalio/common';
import { StageCallError } from '#libs/stage-clients';
import { NurtureError } from '../nurture-errors.js';
import { permanentIfRefused } from './nurture.activities.js';

async function failureOf(err: unknown): Promise<unknown> {
  try {
    await permanentIfRefused(async () => {
      throw err;
    });
  } catch (thrown) {
    return thrown;
  }
  throw new Error('expected a failure');
}

describe('permanentIfRefused', () => {
  it('fails for good on a refused input and on another service refusing the request', async () => {
    const refused = await failureOf(new NurtureError('invalid_request', 'invalid admission input: limit must be …', [{ field: 'limit', message: 'limit must be …' }]));
    expect(refused).toBeInstanceOf(ApplicationFailure);
    expect(refused).toMatchObject({ nonRetryable: true, type: 'invalid_request' });
    const notFound = await failureOf(new StageCallError('routing', '/internal/routes/enrolled/page', 400, 'HTTP 400'));
    expect(notFound).toMatchObject({ nonRetryable: true, type: 'StageCallRefused' });
  });

  it('leaves unreachable services, timeouts, rate limits, 5xx and database errors to Temporal\'s retries', async () => {
    for (const status of [null, 408, 429, 503]) {
      const err = new StageCallError('harvest', '/internal/lead-facts/by-ids', status, 'no answer');
      expect(await failureOf(err)).toBe(err);
    }
    const db = Object.assign(new Error('connection terminated'), { code: '57P01' });
    expect(await failureOf(db)).toBe(db);
  });

  it('answers what the work answers', async () => {
    expect(await permanentIfRefused(async () => 42)).toBe(42);
  });
});
