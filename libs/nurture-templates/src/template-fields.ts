/**
 * What one template part does with lead fields, read from its Handlebars syntax tree without rendering it:
 * which fields it prints where nothing guarantees a value (those need the lead's value or a fallback), which it
 * only tests or prints inside `{{#if field}}` (those may be empty), and what it uses that a template may not.
 */
import { ALLOWED_BLOCK_HELPERS, hb, parseErrorLocation, parseErrorMessage, type TemplatePart } from './handlebars-env.js';
import { LEAD_MERGE_FIELDS, isLeadMergeField, type LeadMergeField } from './merge-fields.js';

export type TemplateProblemCode =
  | 'parse-error'
  | 'unknown-field'
  | 'unknown-helper'
  | 'unescaped-field'
  | 'not-allowed'
  | 'forbidden-element'
  | 'empty-part'
  | 'too-long'
  | 'bad-fallback';

export interface TemplateProblem {
  part: TemplatePart | 'fallbacks';
  code: TemplateProblemCode;
  message: string;
  /** 1-based position in the part's source, when the problem has one. */
  line: number | null;
  column: number | null;
}

export interface PartFields {
  /** Printed where no `{{#if}}` guarantees a value: empty → fallback, else the step waits. */
  required: Set<LeadMergeField>;
  /** Tested, or printed only under a test of the same field: may be empty. */
  optional: Set<LeadMergeField>;
  problems: TemplateProblem[];
}

// The parts of Handlebars' AST this reads (its published types are looser than the nodes it builds).
interface Loc {
  start: { line: number; column: number };
}
interface Node {
  type: string;
  loc?: Loc;
}
interface PathNode extends Node {
  type: 'PathExpression';
  data: boolean;
  depth: number;
  parts: string[];
  original: string;
}
interface ProgramNode extends Node {
  body: Node[];
}
interface CallNode extends Node {
  path: Node;
  params: Node[];
  hash?: { pairs: unknown[] };
  escaped?: boolean;
  program?: ProgramNode | null;
  inverse?: ProgramNode | null;
}

export function analysePart(source: string, part: TemplatePart): PartFields {
  const out: PartFields = { required: new Set(), optional: new Set(), problems: [] };
  let ast: ProgramNode;
  try {
    ast = hb.parse(source) as unknown as ProgramNode;
  } catch (err) {
    const { line, column } = parseErrorLocation(err);
    out.problems.push({ part, code: 'parse-error', message: parseErrorMessage(err), line, column });
    return out;
  }
  const problem = (code: TemplateProblemCode, message: string, node: Node) =>
    out.problems.push({ part, code, message, line: node.loc?.start.line ?? null, column: node.loc ? node.loc.start.column + 1 : null });

  /** The lead field a path names, or null after reporting why it is not one. */
  const fieldOf = (node: Node): LeadMergeField | null => {
    if (node.type !== 'PathExpression') {
      problem('not-allowed', `only lead fields can be printed or tested, not ${describeNode(node)}`, node);
      return null;
    }
    const path = node as PathNode;
    if (path.data) {
      problem('not-allowed', `@${path.parts.join('.')} is not available; use a lead field`, node);
      return null;
    }
    if (path.depth > 0 || path.parts.length !== 1) {
      problem('not-allowed', `${path.original}: lead fields are plain names such as firstName`, node);
      return null;
    }
    const name = path.parts[0];
    if (!isLeadMergeField(name)) {
      problem('unknown-field', `unknown field ${name} (lead fields: ${LEAD_MERGE_FIELDS.join(', ')})`, node);
      return null;
    }
    return name;
  };

  const walk = (program: ProgramNode | null | undefined, guarded: ReadonlySet<string>): void => {
    for (const node of program?.body ?? []) {
      switch (node.type) {
        case 'ContentStatement':
        case 'CommentStatement':
          break;
        case 'MustacheStatement': {
          const call = node as CallNode;
          if (call.params.length > 0 || (call.hash?.pairs.length ?? 0) > 0) {
            problem('unknown-helper', `helper ${nameOf(call.path)} is not available; templates print lead fields and use #if / #unless`, node);
            break;
          }
          const field = fieldOf(call.path);
          if (!field) break;
          if (call.escaped === false && part === 'html') {
            problem('unescaped-field', `{{{${field}}}} prints ${field} without HTML escaping; use {{${field}}}`, node);
          }
          if (guarded.has(field)) out.optional.add(field);
          else out.required.add(field);
          break;
        }
        case 'BlockStatement': {
          const block = node as CallNode;
          const helper = nameOf(block.path);
          if (!ALLOWED_BLOCK_HELPERS.has(helper)) {
            const hint = isLeadMergeField(helper) ? `; write {{#if ${helper}}}` : '';
            problem('unknown-helper', `block helper #${helper} is not available (only #if and #unless)${hint}`, node);
            break;
          }
          if (block.params.length !== 1 || (block.hash?.pairs.length ?? 0) > 0) {
            problem('not-allowed', `#${helper} takes exactly one lead field`, node);
            break;
          }
          const field = fieldOf(block.params[0]);
          if (field) out.optional.add(field);
          const withField = field ? new Set([...guarded, field]) : guarded;
          // Under "#if x" x has a value; under the else of "#unless x" too.
          walk(block.program, helper === 'if' ? withField : guarded);
          walk(block.inverse, helper === 'unless' ? withField : guarded);
          break;
        }
        case 'PartialStatement':
        case 'PartialBlockStatement':
          problem('not-allowed', 'partials are not available; write the text into the template', node);
          break;
        case 'Decorator':
        case 'DecoratorBlock':
          problem('not-allowed', 'decorators are not available', node);
          break;
        default:
          problem('not-allowed', `${node.type} is not available`, node);
      }
    }
  };
  walk(ast, new Set());
  for (const f of out.required) out.optional.delete(f);
  return out;
}

function nameOf(node: Node): string {
  return node.type === 'PathExpression' ? (node as PathNode).original : describeNode(node);
}

function describeNode(node: Node): string {
  const value = (node as { value?: unknown }).value;
  switch (node.type) {
    case 'StringLiteral':
      return `the string "${String(value)}"`;
    case 'NumberLiteral':
    case 'BooleanLiteral':
      return `the literal ${String(value)}`;
    case 'SubExpression':
      return 'a helper call';
    default:
      return node.type;
  }
}
