import { applyDecorators, BadRequestException, createParamDecorator, type ExecutionContext, type PipeTransform, SetMetadata } from '@nestjs/common';
import { ApiExtension, ApiHeader, ApiOperation, ApiParam, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { z } from 'zod';

/**
 * One definition per request and response: a zod schema validates the request (through `contractPipe`) and the
 * same schema, converted with `z.toJSONSchema`, is what the OpenAPI document shows (through `Contract`).
 * See docs/decisions/0011-api-contract.md.
 */

type JsonSchema = Record<string, unknown>;

/** The error body every endpoint answers with (ApiErrorBody). */
export const apiErrorSchema = z.strictObject({
  code: z.string().describe('Machine-readable reason, e.g. validation_failed, campaign_not_found'),
  message: z.string(),
  details: z.array(z.strictObject({ field: z.string().optional(), line: z.int().optional(), column: z.int().optional(), message: z.string() })),
});

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503;

const errorMeaning: Record<ErrorStatus, string> = {
  400: 'The request is invalid; details name every offending field',
  401: 'No API key in the x-api-key header, or one that is unknown or revoked',
  403: 'The API key does not have the scope this operation needs',
  404: 'A resource named in the path does not exist',
  409: 'The resource already exists',
  413: 'The body is larger than this endpoint accepts',
  415: 'The body has a media type this endpoint does not accept',
  422: 'The body is well-formed but does not hold together (e.g. a rule set whose rules contradict each other)',
  429: 'Too many requests with this key (or from this address); Retry-After says how many seconds to wait',
  500: 'Something went wrong on our side; it has been logged',
  503: 'A service or Temporal this endpoint needs cannot be reached',
};

export interface OperationContract {
  summary: string;
  description?: string;
  /** Path parameters, an object schema keyed by parameter name. */
  params?: z.ZodObject;
  /** Query parameters, an object schema keyed by parameter name (unknown names are refused). */
  query?: z.ZodObject;
  /** Request headers the operation reads, keyed by lower-case name (z.object: other headers pass). */
  headers?: z.ZodObject;
  /** Request body per media type; zod schemas are validated, plain JSON Schemas (raw uploads) only documented. */
  body?: { content: Record<string, z.ZodType | JsonSchema>; required?: boolean };
  /** The success answer, with OpenAPI links to the operations that take what it returns. */
  ok: { status: number; description: string; schema?: z.ZodType; links?: Record<string, { operationId: string; parameters: Record<string, string> }> };
  /** Statuses answered with the error body, besides 400 and 500 which every operation can answer. */
  errors?: ErrorStatus[];
  /** The error code of a refused request (validation_failed unless the resource has its own, e.g. invalid_lead). */
  invalidCode?: string;
  /**
   * Who may call it. By default an API key whose scope fits the method (GET/HEAD read, others write); `admin` for
   * keys and settings; `public` (no key) only for the few operations strangers must reach, e.g. web forms.
   */
  access?: 'public' | 'admin';
}

/** Metadata the API's key guard reads: 'public', or the scope a handler needs beyond its method's. */
export const ACCESS_METADATA = 'aicmo:access';
export type Access = 'public' | 'read' | 'write' | 'admin';

/** Answers without an API key. The allowlist is every use of this (and of `access: 'public'` in a contract). */
export const Public = () => SetMetadata(ACCESS_METADATA, 'public' satisfies Access);

/** Needs a key of at least this scope (instead of the one derived from the method). */
export const RequireScope = (scope: Exclude<Access, 'public'>) => SetMetadata(ACCESS_METADATA, scope);

/** The scope an operation of this method needs when its contract declares none. */
export function scopeOfMethod(method: string): 'read' | 'write' {
  return method.toUpperCase() === 'GET' || method.toUpperCase() === 'HEAD' ? 'read' : 'write';
}

const keyErrors: ErrorStatus[] = [401, 403, 429];
const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** JSON Schema (2020-12, the dialect of OpenAPI 3.1) of what a request may send, or of what a response holds. */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output' = 'input'): JsonSchema {
  const out = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  delete out.$schema;
  return out;
}

/** Decorates a handler with everything the document says about it, taken from the contract. */
export function Contract(op: OperationContract): MethodDecorator {
  const decorators: Array<MethodDecorator | ClassDecorator> = [ApiOperation({ summary: op.summary, description: op.description })];
  if (op.access === 'public') decorators.push(Public(), ApiExtension('x-public', true));
  if (op.access === 'admin') decorators.push(RequireScope('admin'), ApiExtension('x-api-key-scope', 'admin'));
  for (const [name, schema] of properties(op.params)) decorators.push(ApiParam({ name, required: true, schema: schema as never }));
  for (const [name, schema, required] of properties(op.query)) decorators.push(ApiQuery({ name, required, schema: schema as never }));
  for (const [name, schema, required] of properties(op.headers)) decorators.push(ApiHeader({ name, required, schema: schema as never }));
  if (op.body) {
    const content = Object.fromEntries(
      Object.entries(op.body.content).map(([type, s]) => [type, { schema: s instanceof z.ZodType ? jsonSchemaOf(s) : s }]),
    );
    decorators.push(ApiExtension('x-request-body', { required: op.body.required ?? true, content }));
  }
  decorators.push(
    ApiResponse({
      status: op.ok.status,
      description: op.ok.description,
      ...(op.ok.schema ? { schema: jsonSchemaOf(op.ok.schema, 'output') as never } : {}),
      ...(op.ok.links ? { links: op.ok.links } : {}),
    }),
  );
  const statuses = new Set<ErrorStatus>([400, ...(op.access === 'public' ? [] : keyErrors), ...(op.errors ?? []), 500]);
  for (const status of [...statuses].sort()) {
    decorators.push(ApiResponse({ status, description: errorMeaning[status], schema: { $ref: '#/components/schemas/ApiError' } }));
  }
  return applyDecorators(...decorators);
}

function properties(schema: z.ZodObject | undefined): Array<[string, JsonSchema, boolean]> {
  if (!schema) return [];
  const json = jsonSchemaOf(schema);
  const required = new Set((json.required as string[] | undefined) ?? []);
  return Object.entries((json.properties ?? {}) as Record<string, JsonSchema>).map(([name, s]) => [name, s, required.has(name)]);
}

/**
 * Moves each operation's `x-request-body` into its requestBody (Nest's ApiBody takes one schema for all media
 * types) and adds the shared error schema. Call on the document before serving it.
 */
export function finaliseContractDocument<T extends object>(document: T): T {
  const doc = document as unknown as { paths: Record<string, Record<string, unknown>>; components?: Record<string, unknown> };
  for (const item of Object.values(doc.paths)) {
    for (const [method, op] of Object.entries(item) as Array<[string, Record<string, unknown>]>) {
      if (typeof op !== 'object' || op === null || !HTTP_METHODS.has(method)) continue;
      // Public operations take no key (the document's default security is the key); the others say which scope.
      if (op['x-public']) {
        op.security = [];
        delete op['x-public'];
      } else {
        op['x-api-key-scope'] ??= scopeOfMethod(method);
      }
      if (op['x-request-body']) {
        op.requestBody = op['x-request-body'];
        delete op['x-request-body'];
      } else {
        delete op.requestBody;
      }
    }
  }
  const components = (doc.components ??= {}) as { schemas?: Record<string, unknown>; securitySchemes?: Record<string, unknown> };
  components.schemas = { ...components.schemas, ApiError: jsonSchemaOf(apiErrorSchema, 'output') };
  // Every operation needs a key unless it says otherwise (security: []); Swagger UI's Authorize button takes it.
  components.securitySchemes = {
    ...components.securitySchemes,
    apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'An API key, aicmo_<id>_<secret> (npm run keys -- create, or POST /keys)' },
  };
  (doc as { security?: unknown }).security = [{ apiKey: [] }];
  return document;
}

type Where = 'params' | 'query' | 'headers' | 'body';

/** Validates one part of the request against the contract's schema; the handler gets the parsed value. */
export function contractPipe(op: OperationContract, where: Where, mediaType = 'application/json'): PipeTransform {
  const schema = where === 'body' ? op.body?.content[mediaType] : op[where];
  if (!(schema instanceof z.ZodType)) throw new Error(`the contract "${op.summary}" has no zod schema for its ${where}`);
  const coerce = where === 'body' ? (v: unknown) => v : stringCoercion(jsonSchemaOf(schema));
  return {
    transform(value: unknown) {
      // An optional body that was not sent reaches the handler as an empty object.
      if (where === 'body' && value === undefined && op.body?.required === false) value = {};
      const parsed = schema.safeParse(coerce(value));
      if (parsed.success) return parsed.data;
      throw new BadRequestException({ code: op.invalidCode ?? 'validation_failed', message: 'the request has invalid fields', details: issueDetails(parsed.error, where) });
    },
  };
}

export function issueDetails(error: z.ZodError, where: Where): Array<{ field: string; message: string }> {
  const noun = { query: 'query parameter', params: 'path parameter', headers: 'header', body: 'property' }[where];
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ field: [...path, key].join('.'), message: `unknown ${noun} ${key}` }));
    return [{ field: path.join('.') || `(${where === 'params' ? 'path' : where})`, message: issue.message }];
  });
}

/** The request's headers, for `@RequestHeaders(contractPipe(op, 'headers'))` (Nest's `@Headers()` takes no pipes). */
export const RequestHeaders = createParamDecorator((_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<{ headers: unknown }>().headers);

/**
 * Path and query values arrive as text: a number or boolean the schema asks for is converted only when the text is
 * exactly one, so "20" becomes 20 but "" and "20abc" stay text and fail the schema.
 */
function stringCoercion(json: JsonSchema): (value: unknown) => unknown {
  const props = (json.properties ?? {}) as Record<string, JsonSchema>;
  return (value) => {
    if (typeof value !== 'object' || value === null) return value;
    const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    for (const [key, raw] of Object.entries(out)) {
      const type = props[key]?.type;
      if (typeof raw !== 'string') continue;
      if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(raw)) out[key] = Number(raw);
      else if (type === 'boolean' && (raw === 'true' || raw === 'false')) out[key] = raw === 'true';
    }
    return out;
  };
}
