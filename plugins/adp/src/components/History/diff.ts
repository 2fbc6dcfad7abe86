import { HistoryEntry } from '@adp-portal/plugin-adp-common';

export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

// Bookkeeping fields change on every write and say nothing to a reader.
const IGNORED = new Set(['updatedAt', 'updatedBy', 'createdAt', 'createdBy', 'id']);

function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return '(none)';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** The fields whose value differs between before and after, in a stable order. */
export function changedFields(entry: Pick<HistoryEntry, 'before' | 'after'>): FieldChange[] {
  const before = entry.before ?? {};
  const after = entry.after ?? {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter(k => !IGNORED.has(k))
    .sort();
  return keys
    .filter(k => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map(k => ({ field: k, before: show(before[k]), after: show(after[k]) }));
}
