import { ConflictError, InputError } from '@backstage/errors';
import { isDatabaseConflictError } from '@backstage/backend-plugin-api';
import { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';
import { ValidationError } from '../service/validation';

/**
 * The plugin's error mapping, in front of Backstage's error middleware (which turns
 * @backstage/errors into status codes and `{ error: { name, message, ...own fields } }`):
 * stray zod errors become 400 with field `details`; a unique-index race becomes 409; text
 * too long for its column becomes 400.
 */
export const mapErrors: ErrorRequestHandler = (error, _req, _res, next) => {
  if (error instanceof ZodError) {
    next(new ValidationError(error.issues.map(i => ({ path: i.path.join('.'), message: i.message }))));
  } else if (isDatabaseConflictError(error)) {
    next(new ConflictError('This change clashes with another change made at the same time; reload and try again'));
  } else if (isValueTooLong(error)) {
    next(new InputError('A value is too long once normalised (lower-cased names and user references grow with some letters, e.g. İ); shorten it'));
  } else {
    next(error);
  }
};

/**
 * PostgreSQL's string_data_right_truncation: text longer than its column. The schemas limit
 * what is sent, but some values grow when the store normalises them (lower-cased user refs
 * and title keys: "İ" becomes two characters), and PostgreSQL then refused the write with a
 * 500 while SQLite stored it. The write's transaction has rolled back.
 */
function isValueTooLong(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === '22001';
}
