import type { TemplateDefinition } from '#libs/contracts';
import { inspectTemplate, validateTemplate } from './validate-template.js';

const template = (over: Partial<TemplateDefinition> = {}): TemplateDefinition => ({
  id: 'intro-a',
  subject: 'Quick question, {{firstName}}',
  html: '<p>Hi {{firstName}},</p>\n<p>How does {{company}} handle outbound?</p>',
  ...over,
});
const codes = (def: TemplateDefinition) => validateTemplate(def).map((p) => `${p.part}:${p.code}`);

describe('validateTemplate', () => {
  it('accepts a plain template and lists the fields it uses', () => {
    expect(validateTemplate(template())).toEqual([]);
    expect(inspectTemplate(template({ text: '{{fullName}}{{#if city}} in {{city}}{{/if}}' }))).toEqual({
      problems: [],
      fields: ['firstName', 'fullName', 'company', 'city'],
      requiredFields: ['firstName', 'fullName', 'company'],
      optionalFields: ['city'],
    });
  });

  it('reports a parse error with its line and column', () => {
    const [problem] = validateTemplate(template({ html: '<p>Hi,</p>\n<p>At {{company</p>' }));
    expect(problem).toMatchObject({ part: 'html', code: 'parse-error', line: 2, column: 9 });
    expect(problem.message).toMatch(/^Parse error on line 2: expected/);
  });

  it('reports a block closed by the wrong name at the name of the block', () => {
    const [problem] = validateTemplate(template({ subject: 'Hi {{#if firstName}}{{firstName}}{{/iff}}' }));
    expect(problem).toMatchObject({ part: 'subject', code: 'parse-error', line: 1, column: 7, message: "if doesn't match iff" });
  });

  it('refuses unknown fields where they are named, and lists the lead fields', () => {
    const [problem] = validateTemplate(template({ html: '<p>Hi\n  {{frstName}}</p>' }));
    expect(problem).toMatchObject({ part: 'html', code: 'unknown-field', line: 2, column: 5 });
    expect(problem.message).toMatch(/^unknown field frstName \(lead fields: firstName, lastName, /);
  });

  it.each([
    ['a helper call', '{{uppercase firstName}}', 'unknown-helper'],
    ['a hash argument', '{{firstName default="there"}}', 'unknown-helper'],
    ['#each', '{{#each company}}x{{/each}}', 'unknown-helper'],
    ['#with', '{{#with company}}x{{/with}}', 'unknown-helper'],
    ['a field used as a block', '{{#company}}x{{/company}}', 'unknown-helper'],
    ['lookup', '{{lookup this "firstName"}}', 'unknown-helper'],
    ['a partial', '{{> signature}}', 'not-allowed'],
    ['@root', '{{@root.firstName}}', 'not-allowed'],
    ['a parent path', '{{../firstName}}', 'not-allowed'],
    ['a dotted path', '{{company.name}}', 'not-allowed'],
    ['a literal', '{{"firstName"}}', 'not-allowed'],
    ['#if with two arguments', '{{#if firstName company}}x{{/if}}', 'not-allowed'],
    ['a decorator', '{{* dec}}', 'not-allowed'],
  ])('refuses %s', (_name, subject, code) => {
    expect(codes(template({ subject }))).toEqual([`subject:${code}`]);
  });

  it('refuses triple braces in the HTML part (unescaped lead data), allows them in plain text', () => {
    expect(codes(template({ html: '<p>{{{company}}}</p>' }))).toEqual(['html:unescaped-field']);
    expect(codes(template({ text: '{{{company}}}' }))).toEqual([]);
  });

  it('refuses elements that run code, style the whole message or could hide the footer, with their position', () => {
    const problems = validateTemplate(template({ html: '<p>Hi {{firstName}}</p>\n<style>p{display:none}</style><script>x()</script>' }));
    expect(problems.map((p) => [p.code, p.message, p.line, p.column])).toEqual([
      ['forbidden-element', '<style> is not allowed in an email template', 2, 1],
      ['forbidden-element', '<script> is not allowed in an email template', 2, 31],
    ]);
  });

  it('refuses attributes on <html> and <body> other than lang and dir', () => {
    expect(codes(template({ html: '<html lang="en"><body dir="ltr"><p>Hi</p></body></html>' }))).toEqual([]);
    const [problem] = validateTemplate(template({ html: '<html><body style="color:#fff"><p>Hi</p></body></html>' }));
    expect(problem).toMatchObject({ part: 'html', code: 'not-allowed' });
    expect(problem.message).toMatch(/style would also apply to the unsubscribe footer/);
  });

  it('refuses empty parts and a subject on two lines', () => {
    expect(codes(template({ subject: ' ', html: '' }))).toEqual(['subject:empty-part', 'html:empty-part']);
    expect(codes(template({ subject: 'Hi\n{{firstName}}' }))).toEqual(['subject:not-allowed']);
  });

  it('refuses a subject or a body too long to arrive whole', () => {
    expect(codes(template({ subject: 'x'.repeat(251) }))).toEqual(['subject:too-long']);
    expect(codes(template({ html: `<p>${'x'.repeat(80_000)}</p>` }))).toEqual(['html:too-long']);
    expect(validateTemplate(template({ html: `<p>${'x'.repeat(80_000)}</p>` }))[0].message).toMatch(/clip the message and hide the unsubscribe footer/);
  });

  it('checks fallbacks: lead fields only, with text', () => {
    expect(codes(template({ fallbacks: { firstName: 'there' } }))).toEqual([]);
    expect(validateTemplate(template({ fallbacks: { frstName: 'there', company: ' ' } })).map((p) => p.message)).toEqual([
      expect.stringMatching(/^fallback for unknown field frstName/),
      'the fallback for company is empty; remove it to hold leads without a company',
    ]);
  });
});
