import type { z } from 'zod';
import { NurtureError, type NurtureErrorCode, type NurtureErrorDetail } from '../nurture-errors.js';

/** "steps[2].variants[0].weight": the way a person points at a field of a JSON body. */
export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out ? `.${String(key)}` : String(key);
  return out;
}

/** One detail per zod issue, each message starting with the field it names ("steps[0].variants must …"). */
export function zodProblems(error: z.ZodError, prefix: ReadonlyArray<PropertyKey> = []): NurtureErrorDetail[] {
  return error.issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => {
        const field = fieldPath([...path, key]);
        return { field, message: `${field} is not a known property` };
      });
    }
    const field = fieldPath(path) || '(body)';
    return [{ field, message: `${field} ${issue.message}` }];
  });
}

/** Parses a body with its schema; every problem at once, under the route's code. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown, code: NurtureErrorCode, what: string): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new NurtureError(code, `the ${what} is invalid`, zodProblems(parsed.error));
  return parsed.data;
}

/** Throws the collected problems of a later check (templates, windows) the same way. */
export function refuseIfAny(problems: NurtureErrorDetail[], code: NurtureErrorCode, what: string): void {
  if (problems.length > 0) throw new NurtureError(code, `the ${what} is invalid`, problems);
}
