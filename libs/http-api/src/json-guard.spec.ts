import { guardedJsonOptions, jsonNestingDepth, JsonLimitError, MAX_JSON_DEPTH } from './json-guard.js';

const deep = (n: number, open = '[', close = ']') => open.repeat(n) + close.repeat(n);
const verify = (text: string | Buffer, encoding: string | null = 'utf-8') =>
  guardedJsonOptions('1mb').verify({}, undefined, Buffer.isBuffer(text) ? text : Buffer.from(text), encoding);

describe('jsonNestingDepth', () => {
  it.each<[string, string, number]>([
    ['a scalar', '42', 0],
    ['a flat object', '{"a":1,"b":[1,2]}', 2],
    ['nested objects', '{"a":{"b":{"c":{}}}}', 4],
    ['mixed arrays and objects', '[{"a":[{"b":[]}]}]', 5],
    ['brackets inside strings do not count', '{"a":"[[[[{{{{"}', 1],
    ['escaped quotes keep the string open', '{"a":"\\"[[[[[\\"","b":[]}', 2],
    ['an escaped backslash closes the string', '{"a":"\\\\","b":[[]]}', 3],
    ['siblings do not add up', '[[],[],[[]],[]]', 3],
    ['non-ASCII text', '{"名前":["Zoë","[ü]"]}', 2],
  ])('%s', (_name, text, depth) => {
    expect(jsonNestingDepth(text)).toBe(depth);
    expect(jsonNestingDepth(Buffer.from(text))).toBe(depth);
  });

  it('stops counting past the limit', () => {
    expect(jsonNestingDepth(deep(100_000), 64)).toBe(65);
  });
});

describe('guardedJsonOptions', () => {
  it('lets a body of the maximum depth through', () => {
    expect(() => verify(deep(MAX_JSON_DEPTH))).not.toThrow();
    expect(() => verify(`{"a":${deep(MAX_JSON_DEPTH - 1, '{"b":', '}')}}`)).not.toThrow();
  });

  it('refuses 5,000 levels before parsing, naming the limit', () => {
    expect(() => verify(deep(5_000))).toThrow(new JsonLimitError(MAX_JSON_DEPTH));
    expect(() => verify(deep(5_000))).toThrow('JSON nested deeper than 64 levels');
  });

  it('refuses one level past the limit, in objects too', () => {
    expect(() => verify(deep(MAX_JSON_DEPTH + 1))).toThrow(JsonLimitError);
    expect(() => verify(deep(MAX_JSON_DEPTH + 1, '{"a":', '}'))).toThrow(JsonLimitError);
  });

  it('checks UTF-16 bodies after decoding them', () => {
    expect(() => verify(Buffer.from(deep(MAX_JSON_DEPTH + 1), 'utf16le'), 'utf-16le')).toThrow(JsonLimitError);
    expect(() => verify(Buffer.from(deep(3), 'utf16le'), 'utf-16le')).not.toThrow();
  });

  it('gives the error the code the exception filter answers with', () => {
    expect(new JsonLimitError(64)).toMatchObject({ code: 'json_too_deep', message: 'JSON nested deeper than 64 levels' });
  });
});
