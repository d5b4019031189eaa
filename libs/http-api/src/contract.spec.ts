import { BadRequestException } from '@nestjs/common';
import { z } from 'zod';
import { ACCESS_METADATA, Contract, contractPipe, finaliseContractDocument, jsonSchemaOf, type OperationContract } from './contract.js';

const op: OperationContract = {
  summary: 'List things',
  params: z.strictObject({ id: z.string().regex(/^[a-z]+$/) }),
  query: z.strictObject({ limit: z.int().min(1).max(10).optional(), active: z.boolean().optional() }),
  body: { content: { 'application/json': z.strictObject({ name: z.string().max(3) }) }, required: false },
  ok: { status: 200, description: 'Things' },
};

function refusal(fn: () => unknown): { code: string; details: Array<{ field: string; message: string }> } {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(BadRequestException);
    return (err as BadRequestException).getResponse() as never;
  }
  throw new Error('expected a refusal');
}

describe('contractPipe', () => {
  it('turns query text into the numbers and booleans the schema asks for, and nothing else', () => {
    const pipe = contractPipe(op, 'query');
    expect(pipe.transform({ limit: '5', active: 'true' }, { type: 'query' })).toEqual({ limit: 5, active: true });
    expect(pipe.transform({ limit: '5.0' }, { type: 'query' })).toEqual({ limit: 5 });
    expect(refusal(() => pipe.transform({ limit: '' }, { type: 'query' })).details).toEqual([{ field: 'limit', message: expect.any(String) }]);
    expect(refusal(() => pipe.transform({ limit: '5abc' }, { type: 'query' })).details[0]!.field).toBe('limit');
    expect(refusal(() => pipe.transform({ limit: '11' }, { type: 'query' })).details[0]!.field).toBe('limit');
  });

  it('names every unknown property by its path', () => {
    const res = refusal(() => contractPipe(op, 'query').transform({ sort: 'x', order: 'y' }, { type: 'query' }));
    expect(res.code).toBe('validation_failed');
    expect(res.details).toEqual([
      { field: 'sort', message: 'unknown query parameter sort' },
      { field: 'order', message: 'unknown query parameter order' },
    ]);
  });

  it('reads an optional body that was not sent as an empty object', () => {
    const pipe = contractPipe({ ...op, body: { content: { 'application/json': z.strictObject({ name: z.string().optional() }) }, required: false } }, 'body');
    expect(pipe.transform(undefined, { type: 'body' })).toEqual({});
  });

  it('validates path parameters with the same schema the document shows', () => {
    expect(refusal(() => contractPipe(op, 'params').transform({ id: 'A1' }, { type: 'param' })).details[0]!.field).toBe('id');
    expect(jsonSchemaOf(op.params!)).toMatchObject({ properties: { id: { type: 'string', pattern: '^[a-z]+$' } }, required: ['id'], additionalProperties: false });
  });
});

describe('finaliseContractDocument', () => {
  it('moves each operation\'s request body into place and adds the error schema', () => {
    const doc = finaliseContractDocument({
      paths: { '/a': { post: { 'x-request-body': { required: true, content: { 'text/csv': { schema: { type: 'string' } } } }, requestBody: { content: {} } }, get: { requestBody: {} } } },
    }) as unknown as { paths: Record<string, Record<string, Record<string, unknown>>>; components: { schemas: Record<string, unknown> } };
    expect(doc.paths['/a']!.post!.requestBody).toEqual({ required: true, content: { 'text/csv': { schema: { type: 'string' } } } });
    expect(doc.paths['/a']!.post!['x-request-body']).toBeUndefined();
    expect(doc.paths['/a']!.get!.requestBody).toBeUndefined();
    expect(doc.components.schemas.ApiError).toMatchObject({ required: ['code', 'message', 'details'] });
  });

  it('asks for the API key everywhere except on public operations, and names each operation\'s scope', () => {
    const doc = finaliseContractDocument({
      paths: { '/a': { get: {}, post: { 'x-public': true }, delete: { 'x-api-key-scope': 'admin' }, parameters: [] } },
    }) as unknown as { security: unknown; paths: Record<string, Record<string, Record<string, unknown>>>; components: { securitySchemes: Record<string, unknown> } };
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'x-api-key' });
    expect(doc.security).toEqual([{ apiKey: [] }]);
    expect(doc.paths['/a']!.get!['x-api-key-scope']).toBe('read');
    expect(doc.paths['/a']!.post!).toEqual({ security: [] });
    expect(doc.paths['/a']!.delete!['x-api-key-scope']).toBe('admin');
    expect(doc.paths['/a']!.parameters).toEqual([]);
  });
});

describe('Contract', () => {
  class Handlers {
    open() {}
    keys() {}
    plain() {}
  }
  const decorate = (name: keyof Handlers, extra: Partial<OperationContract>) => {
    const descriptor = Object.getOwnPropertyDescriptor(Handlers.prototype, name)!;
    Contract({ summary: name, ok: { status: 200, description: 'ok' }, ...extra })(Handlers.prototype, name, descriptor);
    const responses = Reflect.getMetadata('swagger/apiResponse', descriptor.value) as Record<string, unknown>;
    return { access: Reflect.getMetadata(ACCESS_METADATA, descriptor.value) as unknown, statuses: Object.keys(responses) };
  };

  it('declares 401, 403 and 429 on every operation that needs a key, and marks the access the guard reads', () => {
    expect(decorate('plain', {})).toEqual({ access: undefined, statuses: expect.arrayContaining(['401', '403', '429']) });
    expect(decorate('keys', { access: 'admin' })).toEqual({ access: 'admin', statuses: expect.arrayContaining(['401', '403', '429']) });
    const open = decorate('open', { access: 'public' });
    expect(open.access).toBe('public');
    expect(open.statuses).not.toContain('401');
    expect(open.statuses).not.toContain('403');
  });
});
