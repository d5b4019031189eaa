import { ChaosCrash, parseCrashPlan } from './chaos-crash.js';

describe('parseCrashPlan', () => {
  it('reads points with and without a probability', () => {
    expect([...parseCrashPlan('before-claim:0.25, after-accept')]).toEqual([
      ['before-claim', 0.25],
      ['after-accept', 1],
    ]);
  });

  it('is empty when unset', () => {
    expect(parseCrashPlan(undefined).size).toBe(0);
    expect(parseCrashPlan('').size).toBe(0);
  });

  it('refuses unknown points and bad probabilities', () => {
    expect(() => parseCrashPlan('after-lunch')).toThrow(/after-lunch/);
    expect(() => parseCrashPlan('after-claim:2')).toThrow(/probability/);
    expect(() => parseCrashPlan('after-claim:x')).toThrow(/probability/);
    expect(() => parseCrashPlan('after-claim:0.1:3')).toThrow(/after-claim/);
  });
});

describe('ChaosCrash', () => {
  it('kills only at a planned point, with its probability', () => {
    const killed: string[] = [];
    const rolls = [0.1, 0.9];
    const crash = new ChaosCrash('after-claim:0.5', () => rolls.shift()!, (point) => killed.push(point));
    crash.at('before-claim');
    expect(killed).toHaveLength(0);
    crash.at('after-claim'); // roll 0.1 < 0.5
    crash.at('after-claim'); // roll 0.9
    expect(killed).toEqual(['after-claim']);
  });
});
