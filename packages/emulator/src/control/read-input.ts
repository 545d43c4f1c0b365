import type { Context } from 'hono';
import type { z } from 'zod';
import type { ControlError } from './types.js';

export type InputResult<T> = { ok: true; data: T } | { ok: false; response: Response };

/** `field.path: message`, or `unknown field 'x'`: the message always names what to fix. */
export function describeInputIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `unknown field '${path ? `${path}.` : ''}${key}'`).join('; ');
  }
  return `${path || 'body'}: ${issue.message}`;
}

/** Reads a JSON body (an empty body counts as `{}`) and validates it; a failure is a ready 400 response. */
export async function readInput<S extends z.ZodType>(c: Context, schema: S): Promise<InputResult<z.output<S>>> {
  const text = await c.req.text();
  let raw: unknown = {};
  if (text.trim() !== '') {
    try {
      raw = JSON.parse(text);
    } catch {
      return { ok: false, response: controlError(400, 'body: not valid JSON') };
    }
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, response: controlError(400, parsed.error.issues.map(describeInputIssue).join('; ')) };
  }
  return { ok: true, data: parsed.data };
}

export function controlError(status: 400 | 404, error: string): Response {
  return Response.json({ error } satisfies ControlError, { status });
}
