import { TIERS } from '#libs/contracts';
import { ScoringInitial1764230400100 } from './1764230400100-scoring-initial.js';

describe('scoring schema', () => {
  it('allows exactly the tiers of the contracts in lead_scores', async () => {
    const statements: string[] = [];
    await new ScoringInitial1764230400100().up({ query: async (sql: string) => void statements.push(sql) } as never);
    const checks = [...statements.join('\n').matchAll(/CHECK \(tier IN \(([^)]*)\)\)/g)].map((m) => m[1]!.split(',').map((v) => v.trim().slice(1, -1)));
    expect(checks).toEqual([[...TIERS]]);
  });
});
