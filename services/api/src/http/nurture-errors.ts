import { CodedServiceError } from '#libs/http-api';

export type NurtureRequestCode = 'campaign_not_found' | 'lead_not_enrolled' | 'temporal_unavailable';

/** A refusal the API itself gives about nurture, with its status (the exception filter keeps it). */
export class NurtureRequestError extends CodedServiceError<NurtureRequestCode> {
  constructor(
    readonly status: number,
    code: NurtureRequestCode,
    message: string,
    details: Array<{ field?: string; message: string }> = [],
  ) {
    super(code, message, details);
  }
}
