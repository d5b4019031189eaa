/**
 * When a pipeline stage should start: its local "HH:MM" on the run's local calendar day, in the pipeline's time
 * zone. Pure and workflow-safe (uses only Intl), so the workflow computes it from Temporal's clock.
 */
export function stageStartDelayMs(nowMs: number, timeZone: string, hhmm: string): number {
  const [hour, minute] = hhmm.split(':').map(Number);
  const today = localParts(nowMs, timeZone);
  const target = localToUtc({ ...today, hour, minute, second: 0 }, timeZone);
  return Math.max(0, target - nowMs);
}

interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function localParts(utcMs: number, timeZone: string): LocalDateTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(utcMs)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
}

/** Zone offset (ms) at an instant: local wall clock minus UTC. */
function offsetAt(utcMs: number, timeZone: string): number {
  const l = localParts(utcMs, timeZone);
  return Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second) - Math.floor(utcMs / 1000) * 1000;
}

/**
 * Local wall-clock time → UTC instant. In a fall-back overlap the earlier instant is chosen; in a spring-forward
 * gap the time does not exist and the pre-transition offset is used, which lands just after the gap.
 */
export function localToUtc(l: LocalDateTime, timeZone: string): number {
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second);
  const day = 86_400_000;
  const before = offsetAt(asUtc - day, timeZone);
  const after = offsetAt(asUtc + day, timeZone);
  const valid = [asUtc - before, asUtc - after].filter((c) => {
    const p = localParts(c, timeZone);
    return p.year === l.year && p.month === l.month && p.day === l.day && p.hour === l.hour && p.minute === l.minute;
  });
  return valid.length ? Math.min(...valid) : asUtc - before;
}
