import { ZodTypeAny, z } from 'zod';

export type ValidationResult<S extends ZodTypeAny> =
  | { ok: true; data: z.output<S> }
  | { ok: false; fields: Record<string, string> };

/** Runs a shared schema over form values; the first message per field is shown. */
export function validate<S extends ZodTypeAny>(schema: S, values: unknown): ValidationResult<S> {
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : '_form';
    if (!fields[key]) fields[key] = issue.message;
  }
  return { ok: false, fields };
}
