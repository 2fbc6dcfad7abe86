import { ConflictError, InputError, ServiceUnavailableError } from '@backstage/errors';
import { isDatabaseConflictError } from '@backstage/backend-plugin-api';
import { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';
import { ValidationError } from '../service/validation';

/**
 * The plugin's error mapping, in front of Backstage's error middleware (which turns
 * @backstage/errors into status codes and `{ error: { name, message, ...own fields } }`):
 * stray zod errors become 400 with field `details`; a unique-index race becomes 409; text
 * too long for its column becomes 400; a database that cannot be reached becomes 503.
 */
export const mapErrors: ErrorRequestHandler = (error, _req, _res, next) => {
  if (error instanceof ZodError) {
    next(new ValidationError(error.issues.map(i => ({ path: i.path.join('.'), message: i.message }))));
  } else if (isDatabaseConflictError(error)) {
    next(new ConflictError('This change clashes with another change made at the same time; reload and try again'));
  } else if (isValueTooLong(error)) {
    next(new InputError('A value is too long once normalised (lower-cased names and user references grow with some letters, e.g. İ); shorten it'));
  } else if (isDatabaseUnavailable(error)) {
    next(
      new ServiceUnavailableError(
        'The ADP database cannot be reached at the moment; try again shortly (a change that was under way may or may not have been saved: reload before repeating it)',
        error,
      ),
    );
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

/** Node socket errors of the database connection, and knex's pool giving up on one. */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);

/** pg's messages for a lost connection; knex prefixes the statement (`ROLLBACK - …`). */
const DISCONNECTED_MESSAGE =
  /(Connection terminated( unexpectedly)?|Client has encountered a connection error and is not queryable|Client was closed and is not queryable)$|^timeout expired$|^Knex: Timeout acquiring a connection/;

/**
 * The database went away (restart, failover, network): connection refused or reset, the
 * server ending sessions (57P01 admin shutdown, 57P02 crash shutdown, 57P03 not accepting
 * connections yet), SQLSTATE class 08 (connection exception), the pg client's "Connection
 * terminated" (also as knex's "ROLLBACK - Connection terminated unexpectedly"), a query on a
 * client whose connection broke or closed (knex's "ROLLBACK - Client has encountered a
 * connection error and is not queryable": the transaction's ROLLBACK after its connection
 * broke), pg's connect timeout, or no connection from the pool in time. These answered 500 with the socket address in the
 * message; the client should retry, which is what 503 says. Found with bench/faults.ts.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; name?: unknown; message?: unknown } | undefined;
  if (!e || typeof e !== 'object') return false;
  const code = typeof e.code === 'string' ? e.code : '';
  if (CONNECTION_CODES.has(code) || /^08/.test(code) || ['57P01', '57P02', '57P03'].includes(code)) return true;
  if (e.name === 'KnexTimeoutError') return true;
  return typeof e.message === 'string' && DISCONNECTED_MESSAGE.test(e.message);
}
