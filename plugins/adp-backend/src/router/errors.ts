import { ConflictError } from '@backstage/errors';
import { isDatabaseConflictError } from '@backstage/backend-plugin-api';
import { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';
import { ValidationError } from '../service/validation';

/**
 * The plugin's error mapping, in front of Backstage's error middleware (which turns
 * @backstage/errors into status codes and `{ error: { name, message, ...own fields } }`):
 * stray zod errors become 400 with field `details`; a unique-index race becomes 409.
 */
export const mapErrors: ErrorRequestHandler = (error, _req, _res, next) => {
  if (error instanceof ZodError) {
    next(new ValidationError(error.issues.map(i => ({ path: i.path.join('.'), message: i.message }))));
  } else if (isDatabaseConflictError(error)) {
    next(new ConflictError('This change clashes with another change made at the same time; reload and try again'));
  } else {
    next(error);
  }
};
