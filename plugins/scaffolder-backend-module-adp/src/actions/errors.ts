import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ResponseError,
  ServiceUnavailableError,
} from '@backstage/errors';

/** What the server put in `error.details` of a 400: one entry per rejected field. */
interface FieldDetail {
  path?: string;
  message?: string;
}

function serverMessage(error: ResponseError): string {
  const body = error.body?.error as
    | { message?: string; details?: unknown }
    | undefined;
  const details = Array.isArray(body?.details)
    ? (body!.details as FieldDetail[])
    : [];
  if (details.length) {
    return details
      .map(d => (d.path ? `${d.path}: ${d.message}` : String(d.message)))
      .join('; ');
  }
  return body?.message || error.statusText || `HTTP ${error.statusCode}`;
}

/**
 * Turns a failed call to the ADP API into an action error that says what was being done
 * and what the server answered (`{ error: { name, message, details? } }`), keeping the kind
 * of error so the scaffolder (and anyone reading the task log) can tell input from access.
 *
 * @public
 */
export function toActionError(what: string, error: unknown): Error {
  if (!ResponseError.is(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return new Error(
      `${what} failed: could not reach the ADP API (${message})`,
    );
  }
  const message = serverMessage(error);
  switch (error.statusCode) {
    case 400:
      return new InputError(`${what} was refused by the ADP API: ${message}`);
    case 401:
      return new AuthenticationError(
        `${what} failed: the ADP API did not accept the credentials of the user running the template (${message})`,
      );
    case 403:
      return new NotAllowedError(
        `${what} is not allowed for the user running the template: ${message}`,
      );
    case 404:
      return new NotFoundError(`${what} failed: ${message}`);
    case 409:
      return new ConflictError(`${what} failed: ${message}`);
    case 503:
      return new ServiceUnavailableError(`${what} failed: ${message}`);
    default:
      return new Error(
        `${what} failed: the ADP API answered ${error.statusCode}: ${message}`,
      );
  }
}

/** Runs one ADP API call, mapping its failure with {@link toActionError}. */
export async function adpCall<T>(
  what: string,
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toActionError(what, error);
  }
}
