import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { NURTURE_STATUSES, TERMINAL_NURTURE_STATUSES, type NurtureProgress } from '#libs/contracts';
import { NurtureError } from '../nurture-errors.js';
import { queryRows } from '../database/sql-rows.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The `recordProgress` activity: keeps the enrolment row (summary, queue, the API's view of a lead) in step with
 * its workflow. Progress is applied only when it is newer than the row (a retried, delayed activity never moves
 * the row back), and an ended enrolment never reopens.
 */
@Injectable()
export class EnrolmentProgress {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** True when the row took the progress. */
  async record(p: NurtureProgress): Promise<boolean> {
    checkedProgress(p);
    const rows = await queryRows(
      this.db,
      `UPDATE nurture.enrolments SET
         status = $2, current_step = $3, next_send_at = $4, hold_reason = $5, last_decision = coalesce($6, last_decision),
         started_at = coalesce(started_at, $7), ended_at = CASE WHEN $2 = ANY($8::text[]) THEN coalesce(ended_at, $7) ELSE NULL END,
         updated_at = $7
       WHERE id = $1 AND updated_at <= $7 AND (NOT (status = ANY($8::text[])) OR $2 = ANY($8::text[]))
       RETURNING 1`,
      [p.enrolmentId.toLowerCase(), p.status, p.currentStep, p.nextSendAt, p.holdReason, p.lastDecision, p.at, TERMINAL_NURTURE_STATUSES],
    );
    return rows.length > 0;
  }
}

function checkedProgress(p: NurtureProgress): void {
  const problems: Array<{ field: string; message: string }> = [];
  const iso = (v: unknown) => typeof v === 'string' && !Number.isNaN(Date.parse(v));
  if (typeof p?.enrolmentId !== 'string' || !UUID.test(p.enrolmentId)) problems.push({ field: 'enrolmentId', message: 'enrolmentId must be an enrolment id (a UUID)' });
  if (!(NURTURE_STATUSES as readonly string[]).includes(p?.status)) problems.push({ field: 'status', message: `status must be one of ${NURTURE_STATUSES.join(', ')}` });
  if (!Number.isInteger(p?.currentStep) || p.currentStep < 0) problems.push({ field: 'currentStep', message: 'currentStep must be a whole number ≥ 0' });
  if (p?.nextSendAt !== null && !iso(p?.nextSendAt)) problems.push({ field: 'nextSendAt', message: 'nextSendAt must be an ISO time or null' });
  if (p?.holdReason !== null && typeof p?.holdReason !== 'string') problems.push({ field: 'holdReason', message: 'holdReason must be text or null' });
  if (p?.lastDecision !== null && typeof p?.lastDecision !== 'string') problems.push({ field: 'lastDecision', message: 'lastDecision must be text or null' });
  if (!iso(p?.at)) problems.push({ field: 'at', message: 'at must be an ISO time' });
  if (problems.length > 0) throw new NurtureError('invalid_request', `invalid progress: ${problems.map((x) => x.message).join('; ')}`, problems);
}
