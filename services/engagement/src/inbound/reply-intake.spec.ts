import net from 'node:net';
import type { DataSource } from 'typeorm';
import { NurtureEngagementClient } from '#libs/stage-clients';
import { EngagementError, engagementStatusByCode } from '../engagement-errors.js';
import { ReplyIntake } from './reply-intake.js';

/** A port nothing listens on: one the OS handed out and took back. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

const post = {
  headers: 'Message-ID: <r1@acme.example>\nIn-Reply-To: <a.b@mail.cam.example>',
  from: 'anna@acme.example',
  to: 'reply+tok123@reply.cam.example',
  subject: 'Re: Quick question',
  text: 'Remove me.',
};

describe('ReplyIntake when nurture cannot be reached', () => {
  it('answers 503 inbox_unavailable (Inbound Parse retries a 5xx and drops a 4xx) and stores nothing', async () => {
    const writes: string[] = [];
    // The dedupe read finds nothing; a transaction must never start.
    const db = {
      query: async () => [],
      createQueryRunner: () => {
        writes.push('transaction');
        throw new Error('no write expected');
      },
    } as unknown as DataSource;
    const intake = new ReplyIntake({
      db,
      nurture: new NurtureEngagementClient(`http://127.0.0.1:${await closedPort()}`, 'token', 2_000),
      options: { messageIdDomain: 'mail.cam.example', defaultOutOfOfficeDays: 7 },
    });
    const err = await intake.take({ post, bytes: 100, sha256: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngagementError);
    expect((err as EngagementError).code).toBe('inbox_unavailable');
    expect(engagementStatusByCode[(err as EngagementError).code]).toBe(503);
    expect(writes).toEqual([]);
  });

  it('answers 503 when the database cannot be read', async () => {
    const db = { query: async () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')) } as unknown as DataSource;
    const intake = new ReplyIntake({ db, nurture: { matchReply: async () => ({ enrolment: null, matchedBy: null, step: null }) }, options: { messageIdDomain: 'mail.cam.example', defaultOutOfOfficeDays: 7 } });
    const err = await intake.take({ post, bytes: 100, sha256: 'x' }).catch((e: unknown) => e);
    expect((err as EngagementError).code).toBe('inbox_unavailable');
  });
});
