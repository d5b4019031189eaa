import type { StoredSequence } from '#libs/contracts';
import { defaultSettings } from '../definitions/settings-store.js';
import { planStep, type PlanFacts } from './step-plan.js';

const sequence: StoredSequence = {
  campaignId: 'demo',
  id: 'warm',
  version: 2,
  name: 'Warm',
  createdAt: '2026-12-01T00:00:00Z',
  steps: [0, 3, 7].map((businessDays) => ({ businessDays, variants: [{ id: 'a', templateId: 'intro', weight: 1 }] })),
};

const facts = (over: Partial<PlanFacts> = {}): PlanFacts => ({
  enrolment: { id: 'e1', status: 'waiting', lastDecision: null, sequenceId: 'warm', sequenceVersion: 2 },
  settings: { ...defaultSettings('demo'), timeZone: 'America/New_York', blackoutDates: ['2026-12-24'], jitterSeconds: 300 },
  sequence,
  lead: { timeZone: null, country: 'de', region: 'de-by' },
  suppressed: false,
  step: 1,
  ...over,
});

describe('planStep', () => {
  it("gives the step's cadence offset and the lead's calendar (zone from its country, campaign window and blackouts)", () => {
    expect(planStep(facts())).toEqual({
      kind: 'send',
      step: 1,
      totalSteps: 3,
      businessDaysAfterFirst: 3,
      calendar: {
        timeZone: 'Europe/Berlin',
        timeZoneSource: 'country',
        country: 'DE',
        region: 'DE-BY',
        window: defaultSettings('x').window,
        blackoutDates: ['2026-12-24'],
        jitterSeconds: 300,
      },
    });
  });

  it("takes the lead's own zone first and the campaign's when the place has none or several", () => {
    expect(planStep(facts({ lead: { timeZone: 'Asia/Tokyo', country: 'ES' } }))).toMatchObject({ calendar: { timeZone: 'Asia/Tokyo', timeZoneSource: 'lead', region: null } });
    expect(planStep(facts({ lead: { timeZone: 'Not/AZone', country: 'US', region: null } }))).toMatchObject({ calendar: { timeZone: 'America/New_York', timeZoneSource: 'campaign' } });
    expect(planStep(facts({ step: 0 }))).toMatchObject({ kind: 'send', businessDaysAfterFirst: 0 });
  });

  it('is done after the last step', () => {
    expect(planStep(facts({ step: 3 }))).toEqual({ kind: 'done', totalSteps: 3 });
  });

  it('stops an ended enrolment, a stopped campaign, a suppressed address, a removed sequence or lead', () => {
    expect(planStep(facts({ enrolment: null }))).toEqual({ kind: 'stop', status: 'stopped', reason: 'the enrolment no longer exists' });
    expect(planStep(facts({ enrolment: { ...facts().enrolment!, status: 'replied', lastDecision: 'replied on step 2' } }))).toEqual({ kind: 'stop', status: 'replied', reason: 'replied on step 2' });
    expect(planStep(facts({ settings: { ...defaultSettings('demo'), state: 'stopped', stateReason: 'season over' } }))).toEqual({ kind: 'stop', status: 'stopped', reason: 'campaign stopped: season over' });
    expect(planStep(facts({ suppressed: true }))).toMatchObject({ kind: 'stop', status: 'suppressed' });
    expect(planStep(facts({ sequence: null }))).toEqual({ kind: 'stop', status: 'stopped', reason: 'version 2 of sequence warm no longer exists' });
    expect(planStep(facts({ lead: null }))).toEqual({ kind: 'stop', status: 'stopped', reason: 'the lead no longer exists' });
  });

  it('still plans while the campaign is paused (the workflow holds on its signal; the sender refuses)', () => {
    expect(planStep(facts({ settings: { ...defaultSettings('demo'), state: 'paused', stateReason: 'review' } })).kind).toBe('send');
  });
});
