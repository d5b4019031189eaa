import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs, one line per event. Callers pass ids (leadId, workflowId, runId, importId), never PII:
 * emails and names are redacted by path as a second line of defence.
 */
export function createLogger(component: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    name: component,
    level,
    base: { component, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['email', '*.email', 'firstName', '*.firstName', 'lastName', '*.lastName', 'phone', '*.phone'], censor: '[redacted]' },
  });
}
