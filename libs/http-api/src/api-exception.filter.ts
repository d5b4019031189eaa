import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import type { Logger } from '#libs/logging';
import { isCodedError, type ApiErrorBody } from './api-error.js';
import { JSON_TOO_DEEP_TYPE, JsonLimitError } from './json-guard.js';

export { guardedJsonOptions, JSON_TOO_DEEP_TYPE, jsonNestingDepth, JsonLimitError, MAX_JSON_DEPTH } from './json-guard.js';
export { InvalidRequestValueError, RequestValuesPipe } from './request-values.pipe.js';

/**
 * Maps every thrown thing to `{ code, message, details[] }`. Coded business errors get their status from the
 * service's table; framework HTTP errors keep theirs; anything else is a 500 whose details stay in the log.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  constructor(
    private readonly statusByCode: Record<string, number>,
    private readonly log: Logger,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const [status, body] = this.toBody(exception);
    if (status === 400 && postgresSqlState(exception)) this.log.warn({ err: String(exception) }, 'database refused a request value');
    if (status >= 500) this.log.error({ err: exception instanceof Error ? exception.stack : String(exception) }, 'request failed');
    if (!res.headersSent) res.status(status).json(body);
  }

  private toBody(exception: unknown): [number, ApiErrorBody] {
    // The depth guard's refusal, as thrown, as body-parser's http-error (message and type kept) or wrapped by
    // Nest's express adapter in an HttpException whose cause it is.
    const tooDeep = [exception, (exception as { cause?: unknown } | null)?.cause].find((e) => e instanceof JsonLimitError || (e as { type?: unknown } | null)?.type === JSON_TOO_DEEP_TYPE);
    if (tooDeep) {
      const message = (tooDeep as Error).message;
      return [400, { code: 'json_too_deep', message, details: [{ field: '(body)', message }] }];
    }
    // A safety net behind request validation: PostgreSQL data errors (class 22: NUL bytes, bad encodings, values
    // out of range) are the client's input; any other database error is ours. Neither leaks its raw text (SQL,
    // columns, values), which a database error's string `code` would otherwise pass off as a business error.
    const sqlState = postgresSqlState(exception);
    if (sqlState?.startsWith('22')) {
      return [400, { code: 'invalid_input', message: 'a value in the request is not valid input (for example a NUL byte or a malformed identifier)', details: [] }];
    }
    if (sqlState) return [500, INTERNAL_ERROR];
    if (isCodedError(exception)) {
      const forwarded = (exception as { status?: unknown }).status;
      return [this.statusByCode[exception.code] ?? (typeof forwarded === 'number' ? forwarded : HttpStatus.BAD_REQUEST), { code: exception.code, message: exception.message, details: exception.details ?? [] }];
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      // The express adapter wraps body-parser's JSON syntax error in a BadRequestException.
      const cause = exception.cause as { type?: string } | undefined;
      if (status === 400 && (cause instanceof SyntaxError || cause?.type === 'entity.parse.failed')) {
        return [400, { code: 'malformed_json', message: `request body is not valid JSON: ${exception.message}`, details: [{ field: '(body)', message: 'not valid JSON' }] }];
      }
      if (status === 413) {
        return [413, { code: 'payload_too_large', message: 'request body is larger than this endpoint accepts', details: [] }];
      }
      const response = exception.getResponse() as string | Partial<ApiErrorBody> & { message?: unknown };
      if (typeof response === 'object' && typeof response.code === 'string') {
        return [status, { code: response.code, message: String(response.message), details: response.details ?? [] }];
      }
      const message = typeof response === 'string' ? response : Array.isArray(response.message) ? response.message.join('; ') : String(response.message ?? exception.message);
      return [status, { code: codeForStatus(status), message, details: [] }];
    }
    // body-parser errors carry a status and type (e.g. entity.too.large, entity.parse.failed)
    const e = exception as { status?: number; type?: string; message?: string };
    if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
      const code = e.type === 'entity.too.large' ? 'payload_too_large' : e.type === 'entity.parse.failed' ? 'malformed_json' : codeForStatus(e.status);
      const message = e.type === 'entity.too.large' ? 'request body is larger than this endpoint accepts' : e.type === 'entity.parse.failed' ? `request body is not valid JSON: ${e.message}` : String(e.message);
      return [e.status, { code, message, details: [] }];
    }
    return [500, INTERNAL_ERROR];
  }
}

const INTERNAL_ERROR: ApiErrorBody = { code: 'internal_error', message: 'something went wrong on our side; it has been logged', details: [] };

/** The SQLSTATE of a node-postgres error, or of the one a TypeORM QueryFailedError wraps. */
function postgresSqlState(exception: unknown): string | undefined {
  const e = exception as { code?: unknown; severity?: unknown; driverError?: { code?: unknown } } | null;
  const code = typeof e?.driverError?.code === 'string' ? e.driverError.code : typeof e?.severity === 'string' ? e.code : undefined;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

function codeForStatus(status: number): string {
  const map: Record<number, string> = { 400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 405: 'method_not_allowed', 409: 'conflict', 413: 'payload_too_large', 415: 'unsupported_media_type', 422: 'unprocessable', 429: 'rate_limited', 503: 'unavailable' };
  return map[status] ?? (status >= 500 ? 'internal_error' : 'bad_request');
}
