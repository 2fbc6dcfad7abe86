import { ResponseError } from '@backstage/errors';

/** A failed write, split into messages for form fields and one for the whole form. */
export interface FormErrors {
  fields: Record<string, string>;
  form?: string;
}

type Issue = { path?: unknown; field?: unknown; message?: unknown };

function pathOf(issue: Issue): string | undefined {
  const p = issue.path ?? issue.field;
  if (Array.isArray(p) && p.length > 0) return String(p[0]);
  if (typeof p === 'string' && p) return p.split('.')[0];
  return undefined;
}

/** Reads field errors out of an InputError's `details` in the shapes servers use. */
function fieldsFromDetails(details: unknown, known: readonly string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  const add = (field: string | undefined, message: unknown) => {
    if (field && known.includes(field) && typeof message === 'string' && !fields[field]) {
      fields[field] = message;
    }
  };
  if (Array.isArray(details)) {
    details.forEach((i: Issue) => add(pathOf(i), i.message));
  } else if (details && typeof details === 'object') {
    const d = details as Record<string, unknown>;
    if (Array.isArray(d.issues)) return fieldsFromDetails(d.issues, known);
    const map = (d.fieldErrors ?? d) as Record<string, unknown>;
    for (const [k, v] of Object.entries(map)) add(k, Array.isArray(v) ? v[0] : v);
  }
  return fields;
}

/** `title: Title is required; code: …` → fields. */
function fieldsFromMessage(message: string, known: readonly string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const part of message.split(/;\s*|\n/)) {
    const m = /^\s*([A-Za-z][\w.]*)\s*:\s*(.+)$/.exec(part);
    const field = m?.[1].split('.')[0];
    if (m && field && known.includes(field) && !fields[field]) fields[field] = m[2].trim();
  }
  return fields;
}

/** For a conflict the server names the duplicate; the first known field it mentions wins. */
function conflictField(message: string, known: readonly string[]): string | undefined {
  const order = ['code', 'name', 'title', ...known];
  return order.find(f => known.includes(f) && new RegExp(`\\b${f}\\b`, 'i').test(message));
}

/**
 * Maps a server error onto the fields of a form: 400 field paths (in `details` or as
 * a `field: message` prefix) and 409 conflicts on a named field; the rest is for an alert.
 */
export function formErrorsFrom(error: unknown, knownFields: readonly string[]): FormErrors {
  if (!ResponseError.is(error)) {
    return { fields: {}, form: error instanceof Error ? error.message : String(error) };
  }
  const cause = error.body?.error ?? error.cause;
  const message = cause?.message ?? error.message;
  if (error.statusCode === 400) {
    const fromDetails = fieldsFromDetails((cause as { details?: unknown }).details, knownFields);
    const fields = Object.keys(fromDetails).length
      ? fromDetails
      : fieldsFromMessage(message, knownFields);
    if (Object.keys(fields).length) return { fields };
  }
  if (error.statusCode === 409) {
    const prefixed = fieldsFromMessage(message, knownFields);
    if (Object.keys(prefixed).length) return { fields: prefixed };
    const field = conflictField(message, knownFields);
    if (field) return { fields: { [field]: message } };
  }
  return { fields: {}, form: message };
}
