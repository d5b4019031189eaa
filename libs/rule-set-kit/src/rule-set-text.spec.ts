import { parseRuleSetText } from './rule-set-text.js';

describe('parseRuleSetText', () => {
  it.each<[string, string, { message: string; line?: number; column?: number }]>([
    ['JSON with a missing comma', '{\n  "version": 1\n  "fit": {}\n}', { message: expect.stringMatching(/^line 2, column 14: /), line: 2, column: 14 }],
    ['a duplicate key (JSON.parse would keep the last)', '{"version": 1, "version": 2}', { message: 'line 1, column 16: Map keys must be unique', line: 1, column: 16 }],
    ['YAML with a bad indent', 'fit:\n  rules: [\nversion: 1', { message: expect.stringMatching(/^line 3, column 1: /), line: 3, column: 1 }],
    ['two documents', 'version: 1\n---\nversion: 2\n', { message: expect.stringMatching(/multiple documents|Source contains/i) }],
    ['empty text', '  \n ', { message: 'rule set text is empty' }],
    ['text over the size limit', `# ${'x'.repeat(300_000)}`, { message: 'rule set text is 300002 characters long; the limit is 262144' }],
  ])('refuses %s', (_name, text, expected) => {
    const result = parseRuleSetText(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatchObject({ path: '', ...expected });
  });

  it('refuses an alias bomb', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    const result = parseRuleSetText(lines.join('\n'));
    expect(result.ok).toBe(false);
  });

  it('keeps YAML 1.2 core types: yes stays text, 0x10 is a number', () => {
    expect(parseRuleSetText('a: yes\nb: 0x10\nc: ~\n')).toMatchObject({ ok: true, value: { a: 'yes', b: 16, c: null } });
  });
});
