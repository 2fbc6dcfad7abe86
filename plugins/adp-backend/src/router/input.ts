import { InputError } from '@backstage/errors';
import { RequestHandler } from 'express';

/** Whether a parsed JSON value holds U+0000 in any string or key (iterative: bodies nest deep). */
export function containsNul(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const v = pending.pop();
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return true;
    } else if (Array.isArray(v)) {
      pending.push(...v);
    } else if (v && typeof v === 'object') {
      for (const [key, item] of Object.entries(v)) {
        if (key.includes('\u0000')) return true;
        pending.push(item);
      }
    }
  }
  return false;
}

/**
 * Refuses U+0000 anywhere in a request: in the path or query (it can only arrive there as
 * `%00`) or in a JSON body. PostgreSQL text cannot hold it, so a lookup or write naming it
 * failed with a 500 there while SQLite stored it; now both answer 400 before any query.
 * Mounted after the JSON parser of each router.
 */
export const rejectNulCharacters: RequestHandler = (req, _res, next) => {
  if (/%00/i.test(req.originalUrl) || containsNul(req.body)) {
    next(new InputError('Text may not contain the NUL character (U+0000)'));
    return;
  }
  next();
};
