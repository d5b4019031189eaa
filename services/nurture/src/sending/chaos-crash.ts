/**
 * Named crash points for the chaos test: with NURTURE_CHAOS_CRASH_POINTS set (e.g.
 * "after-claim:0.05,before-record:0.05"), the sender SIGKILLs its own process at that point with that probability.
 * It exists because exactly-once sending is only proven by dying at the worst moments (a claim committed and no
 * request sent, a message accepted and not recorded) and recovering; the launcher and npm start never set it.
 */
export const CRASH_POINTS = ['before-claim', 'after-claim', 'after-accept', 'before-record'] as const;
export type CrashPoint = (typeof CRASH_POINTS)[number];

export type CrashPlan = ReadonlyMap<CrashPoint, number>;

/** "point[:probability],…"; a point without a probability always fires. Unknown points and bad numbers throw. */
export function parseCrashPlan(spec: string | undefined): CrashPlan {
  const plan = new Map<CrashPoint, number>();
  for (const part of (spec ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const [name, p = '1', ...rest] = part.split(':');
    const probability = Number(p);
    if (!(CRASH_POINTS as readonly string[]).includes(name!) || rest.length > 0) {
      throw new Error(`NURTURE_CHAOS_CRASH_POINTS: "${part}" is not one of ${CRASH_POINTS.join(', ')} (optionally :probability)`);
    }
    if (!Number.isFinite(probability) || probability < 0 || probability > 1) {
      throw new Error(`NURTURE_CHAOS_CRASH_POINTS: "${part}" needs a probability from 0 to 1`);
    }
    plan.set(name as CrashPoint, probability);
  }
  return plan;
}

export class ChaosCrash {
  private readonly plan: CrashPlan;

  constructor(
    spec: string | undefined,
    private readonly random: () => number = Math.random,
    private readonly kill: (point: CrashPoint) => void = () => process.kill(process.pid, 'SIGKILL'),
  ) {
    this.plan = parseCrashPlan(spec);
  }

  /** Dies here (no cleanup, no finally blocks) when the plan says so. */
  at(point: CrashPoint): void {
    const p = this.plan.get(point);
    if (p !== undefined && this.random() < p) this.kill(point);
  }
}
