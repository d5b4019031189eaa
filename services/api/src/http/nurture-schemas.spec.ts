import { issueDetails, jsonSchemaOf } from '#libs/http-api';
import { createMailboxBody, createSequenceBody, createTemplateBody, enrolmentStatusView, leadEnrolmentsView, settingsBody } from './nurture-schemas.js';

const fieldsRefused = (schema: { safeParse(v: unknown): { success: boolean; error?: unknown } }, value: unknown) => {
  const r = schema.safeParse(value);
  if (r.success) return [];
  return issueDetails(r.error as never, 'body').map((d) => d.field);
};

describe('nurture API schemas', () => {
  it('render into the API document', () => {
    for (const s of [createSequenceBody, createTemplateBody, createMailboxBody, settingsBody]) expect(jsonSchemaOf(s)).toMatchObject({ type: 'object', additionalProperties: false });
    expect(jsonSchemaOf(leadEnrolmentsView, 'output')).toMatchObject({ type: 'object' });
  });

  it('accept the demo sequence shape and name the offending field otherwise', () => {
    const sequence = { id: 'demo-warm', name: 'Warm', steps: [0, 3, 7, 14, 21].map((businessDays, i) => ({ businessDays, variants: [{ id: 'a', templateId: `warm-${i + 1}`, weight: 1 }] })) };
    expect(fieldsRefused(createSequenceBody, sequence)).toEqual([]);
    const bad = { ...sequence, steps: [{ businessDays: 0, variants: [{ id: 'a', templateId: 'x', weight: 0 }] }] };
    expect(fieldsRefused(createSequenceBody, bad)).toEqual(['steps.0.variants.0.weight']);
    expect(fieldsRefused(createSequenceBody, { ...sequence, steps: [] })).toEqual(['steps']);
  });

  it('take a window open all day (00:00-24:00) and refuse times that are not HH:MM', () => {
    const allDay = { start: '00:00', end: '24:00' };
    expect(fieldsRefused(settingsBody, { window: { mon: allDay, sun: allDay }, timeZone: 'Europe/Madrid', blackoutDates: ['2026-12-24'] })).toEqual([]);
    expect(fieldsRefused(settingsBody, { window: { mon: { start: '9:00', end: '25:00' } } })).toEqual(['window.mon.start', 'window.mon.end']);
    expect(fieldsRefused(settingsBody, { window: { someday: allDay } })).toEqual(['window.someday']);
    expect(fieldsRefused(settingsBody, { blackoutDates: ['24/12/2026'] })).toEqual(['blackoutDates.0']);
  });

  it('refuse a mailbox without caps and a template with an unusable fallback name', () => {
    expect(fieldsRefused(createMailboxBody, { id: 'm', address: 'a@b.example', displayName: 'A' }).sort()).toEqual(['dailyCap', 'hourlyCap']);
    expect(fieldsRefused(createTemplateBody, { id: 't', subject: 'Hi', html: '<p>Hi</p>', fallbacks: { 'first name': 'there' } })).toEqual(['fallbacks.first name']);
  });

  it('describe a status that names why a lead waits', () => {
    const view = { campaignId: 'demo', leadId: 'x', status: 'waiting', source: 'workflow', currentStep: 1, nextWakeAt: null, holdReason: 'Saturday', queuePosition: null, counts: null };
    expect(enrolmentStatusView.safeParse(view).success).toBe(true);
    expect(enrolmentStatusView.safeParse({ ...view, status: 'asleep' }).success).toBe(false);
  });
});
