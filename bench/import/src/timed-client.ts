import type pg from 'pg';
import { createStageTableSql, mergeStagedLeadsSql } from '../../../services/harvest/src/leads/lead-merge.sql.js';

/** Where the import's connection time goes, per kind of statement the runner and batch writer send. */
export type StatementKind = 'stage-copy' | 'merge' | 'begin' | 'commit' | 'rollback' | 'rejections' | 'progress' | 'create-stage' | 'lookup' | 'other';

export interface StatementTimes {
  kinds: Map<StatementKind, { count: number; ms: number }>;
  /** Every call's duration in order, per kind: shows whether a statement slows down as the tables grow. */
  series: Map<StatementKind, number[]>;
  /** Sum over all statements: time the connection was busy (statements on one client never overlap). */
  totalMs(): number;
}

/** Classified by the writer's own SQL constants, so the breakdown follows whatever lead-merge.sql.ts holds. */
function kindOfSql(sql: string): StatementKind {
  if (sql === mergeStagedLeadsSql) return 'merge';
  if (sql === createStageTableSql) return 'create-stage';
  const s = sql.trimStart();
  if (s.startsWith('BEGIN')) return 'begin';
  if (s.startsWith('COMMIT')) return 'commit';
  if (s.startsWith('ROLLBACK')) return 'rollback';
  if (s.includes('harvest.import_rejections')) return 'rejections';
  if (s.startsWith('UPDATE harvest.import_jobs')) return 'progress';
  if (s.startsWith('SELECT email FROM harvest.leads')) return 'lookup';
  return 'other';
}

/**
 * Wraps a pooled client so every `query` is timed, without touching the code under test. A COPY stream
 * (pg-copy-streams) is timed from submission until 'finish', which pg-copy-streams emits only after the server
 * has acknowledged the COPY; that span includes encoding the rows into COPY text, which happens as the stream pulls.
 */
export function timedClient(client: pg.PoolClient): { client: pg.PoolClient; times: StatementTimes } {
  const kinds = new Map<StatementKind, { count: number; ms: number }>();
  const series = new Map<StatementKind, number[]>();
  const add = (kind: StatementKind, ms: number) => {
    const list = series.get(kind) ?? [];
    list.push(ms);
    series.set(kind, list);
    const entry = kinds.get(kind) ?? { count: 0, ms: 0 };
    entry.count++;
    entry.ms += ms;
    kinds.set(kind, entry);
  };
  const query = (...args: unknown[]): unknown => {
    const started = performance.now();
    const first = args[0];
    const result = (client.query as (...a: unknown[]) => unknown)(...args);
    if (typeof first === 'string' || (first && typeof first === 'object' && 'text' in first && !('submit' in first))) {
      const sql = typeof first === 'string' ? first : String((first as { text: unknown }).text);
      const done = () => add(kindOfSql(sql), performance.now() - started);
      (result as Promise<unknown>).then(done, done);
      return result;
    }
    if (first && typeof first === 'object' && 'on' in first) {
      const stream = first as NodeJS.EventEmitter;
      let recorded = false;
      const done = () => {
        if (recorded) return;
        recorded = true;
        add('stage-copy', performance.now() - started);
      };
      stream.once('finish', done);
      stream.once('error', done);
    }
    return result;
  };
  const proxy = new Proxy(client, {
    get(target, prop) {
      if (prop === 'query') return query;
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return {
    client: proxy,
    times: {
      kinds,
      series,
      totalMs: () => [...kinds.values()].reduce((sum, k) => sum + k.ms, 0),
    },
  };
}
