import { copyField, copyTextArray } from './copy-text.js';

describe('COPY text encoding', () => {
  it.each([
    [undefined, '\\N'],
    [null, '\\N'],
    ['', '\\N'],
    ['plain', 'plain'],
    [42, '42'],
    ['tab\there', 'tab\\there'],
    ['line\nbreak\r', 'line\\nbreak\\r'],
    ['back\\slash', 'back\\\\slash'],
  ])('copyField(%j) = %j', (value, expected) => {
    expect(copyField(value)).toBe(expected);
  });

  it.each([
    [undefined, '{}'],
    [[], '{}'],
    [['React', 'Go'], '{"React","Go"}'],
    [['a,b', 'say "hi"'], '{"a,b","say \\\\"hi\\\\""}'],
    [['C:\\path', 'x\ty'], '{"C:\\\\\\\\path","x\\ty"}'],
  ])('copyTextArray(%j) = %j', (values, expected) => {
    expect(copyTextArray(values as string[] | undefined)).toBe(expected);
  });
});
