/** The one error body every endpoint answers with. */
export interface ApiErrorBody {
  code: string;
  message: string;
  details: Array<{ field?: string; line?: number; column?: number; message: string }>;
}

/** A business error with a code; services map their codes to HTTP statuses in one table. */
export interface CodedError {
  code: string;
  message: string;
  details?: ApiErrorBody['details'];
}

export function isCodedError(err: unknown): err is CodedError {
  return typeof err === 'object' && err !== null && typeof (err as CodedError).code === 'string' && typeof (err as CodedError).message === 'string' && !(err as { getStatus?: unknown }).getStatus;
}

export type ErrorDetail = ApiErrorBody['details'][number];

/** The base of every service's business errors: `class RoutingError extends CodedServiceError<RoutingErrorCode> {}`. */
export class CodedServiceError<Code extends string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}
