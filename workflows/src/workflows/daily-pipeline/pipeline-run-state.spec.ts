import type { StageReport, StageStatus } from '#libs/contracts';
import { PipelineRunState } from './pipeline-run-state.js';

const report = (status: StageStatus): StageReport => ({
  stage: 'harvest',
  status,
  startedAt: '2026-11-25T02:00:00.000Z',
  finishedAt: '2026-11-25T02:01:00.000Z',
  durationMs: 60_000,
  counts: { created: 1 },
  problems: status === 'completed' ? [] : ['demo: people-search failed'],
});

describe('PipelineRunState', () => {
  it.each<[StageStatus, string]>([
    ['completed', 'completed'],
    ['skipped', 'completed'],
    ['degraded', 'degraded'],
    ['failed', 'degraded'], // a failed stage is recorded; the run still completes, degraded
  ])('a run whose stage is %s ends %s', (stage, run) => {
    const state = new PipelineRunState('run-1');
    state.begin('harvest');
    state.record(report(stage));
    expect(state.status()).toBe(run);
  });

  it('is running while a stage is under way and shows which', () => {
    const state = new PipelineRunState('run-1');
    state.begin('harvest');
    expect(state.snapshot()).toEqual({ runId: 'run-1', status: 'running', currentStage: 'harvest', stages: [] });
  });

  it('records a skipped stage with its reason', () => {
    const state = new PipelineRunState('run-1');
    const skipped = state.skip('harvest', '2026-11-25T02:00:00.000Z', 'disabled in pipeline settings');
    expect(skipped).toMatchObject({ stage: 'harvest', status: 'skipped', durationMs: 0, problems: ['disabled in pipeline settings'] });
    expect(state.snapshot().stages).toEqual([skipped]);
  });
});
