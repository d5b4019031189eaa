import { type ArgumentsHost, HttpException } from '@nestjs/common';
import { ApiExceptionFilter } from './api-exception.filter.js';
import { JsonLimitError } from './json-guard.js';

function answer(exception: unknown): { status: number; body: unknown } {
  const out = { status: 0, body: undefined as unknown };
  const res = { headersSent: false, status: (s: number) => ((out.status = s), res), json: (b: unknown) => ((out.body = b), res) };
  const host = { switchToHttp: () => ({ getResponse: () => res }) } as unknown as ArgumentsHost;
  const log = { warn: () => undefined, error: () => undefined };
  new ApiExceptionFilter({}, log as never).catch(exception, host);
  return out;
}

// The shape node-postgres gives a refused value (TypeORM's QueryFailedError copies it and keeps it as driverError).
const pgError = (code: string) => Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code, severity: 'ERROR', routine: 'report_invalid_encoding', where: 'unnamed portal parameter $1' });

describe('ApiExceptionFilter', () => {
  it.each(['22021', '22P02', '22001', '22003'])('answers PostgreSQL data error %s with 400 invalid_input and no raw text', (code) => {
    const { status, body } = answer(pgError(code));
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'invalid_input', details: [] });
    expect(JSON.stringify(body)).not.toMatch(/22021|22P02|UTF8|portal|\$1/);
  });

  it('sees the data error inside a query error that wraps it', () => {
    const wrapped = Object.assign(new Error('QueryFailedError'), { query: 'SELECT 1', driverError: pgError('22021') });
    expect(answer(wrapped)).toMatchObject({ status: 400, body: { code: 'invalid_input' } });
  });

  it('keeps other PostgreSQL errors a logged 500', () => {
    expect(answer(pgError('40001'))).toMatchObject({ status: 500, body: { code: 'internal_error' } });
  });

  it('answers the JSON depth guard with 400 naming the limit, also after body-parser rebuilt it as an http-error', () => {
    // What body-parser passes on: a new error with the guard's message and type (http-errors keeps no instance).
    const e = Object.assign(new Error('JSON nested deeper than 64 levels'), { status: 400, statusCode: 400, expose: true, type: 'json.too.deep' });
    expect(answer(new JsonLimitError(64))).toEqual(answer(e));
    // Nest's express adapter wraps body-parser errors: new HttpException(message, status, { cause }).
    expect(answer(new HttpException(e.message, 400, { cause: e }))).toEqual(answer(e));
    expect(answer(e)).toEqual({ status: 400, body: { code: 'json_too_deep', message: 'JSON nested deeper than 64 levels', details: [{ field: '(body)', message: 'JSON nested deeper than 64 levels' }] } });
  });
});
