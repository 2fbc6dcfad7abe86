import { InputError } from '@backstage/errors';
import { z } from 'zod';

/** A field that failed validation; `path` is dotted, e.g. `code` or `admins.0`. */
export interface FieldError {
  path: string;
  message: string;
}

/**
 * An InputError that carries field paths. Backstage's error middleware serialises an
 * error's own properties, so clients read them at `body.error.details`.
 */
export class ValidationError extends InputError {
  readonly details: FieldError[];

  constructor(details: FieldError[]) {
    super(details.map(d => (d.path ? `${d.path}: ${d.message}` : d.message)).join('; '));
    this.name = 'InputError';
    this.details = details;
  }
}

/** Parses a payload with an adp-common schema, or throws a 400 naming each bad field. */
export function parse<S extends z.ZodTypeAny>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map(issue => ({ path: issue.path.join('.'), message: issue.message })),
  );
}

/** A single-field validation failure raised by domain rules (e.g. missing GitHub handle). */
export function fieldError(path: string, message: string): ValidationError {
  return new ValidationError([{ path, message }]);
}
