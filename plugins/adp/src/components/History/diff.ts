import { HistoryEntry } from '@adp-portal/plugin-adp-common';

export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

// Bookkeeping fields change on every write and say nothing to a reader.
const IGNORED = new Set([
  'updatedAt',
  'updatedBy',
  'createdAt',
  'createdBy',
  'id',
]);

// People read names, not the catalog's refs: these fields hold user refs.
const FIELD_TEXT: Record<string, string> = {
  userRef: 'person',
  lineManagerRef: 'line manager',
};

const isUserRef = (v: unknown): v is string =>
  typeof v === 'string' && /^user:/i.test(v);

/** The user refs in history entries, to look their names up in one request. */
export function userRefsOf(
  entries: Array<Pick<HistoryEntry, 'before' | 'after'>>,
): string[] {
  return entries.flatMap(e =>
    [...Object.values(e.before ?? {}), ...Object.values(e.after ?? {})].filter(
      isUserRef,
    ),
  );
}

function show(v: unknown, nameOf: (ref: string) => string): string {
  if (v === null || v === undefined || v === '') return '(none)';
  if (isUserRef(v)) return nameOf(v);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** The fields whose value differs between before and after, in a stable order. */
export function changedFields(
  entry: Pick<HistoryEntry, 'before' | 'after'>,
  nameOf: (ref: string) => string = ref => ref,
): FieldChange[] {
  const before = entry.before ?? {};
  const after = entry.after ?? {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter(k => !IGNORED.has(k))
    .sort();
  return keys
    .filter(k => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map(k => ({
      field: FIELD_TEXT[k] ?? k,
      before: show(before[k], nameOf),
      after: show(after[k], nameOf),
    }));
}
