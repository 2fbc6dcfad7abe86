import { resolvePackagePath } from '@backstage/backend-plugin-api';
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from './portal';

/**
 * Every table the adp plugin's migrations create, read from the migration files
 * themselves, so a table added by a new migration is dumped without editing this list.
 */
export function adpTables(): string[] {
  const dir = resolvePackagePath('@adp-portal/plugin-adp-backend', 'migrations');
  const tables = new Set<string>();
  for (const file of fs.readdirSync(dir).filter(f => f.endsWith('.js')).sort()) {
    const source = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const m of source.matchAll(/createTable(?:IfNotExists)?\(\s*['"`]([\w-]+)['"`]/g)) tables.add(m[1]);
  }
  return [...tables].sort();
}

export type Dump = Record<string, Array<Record<string, unknown>>>;

const canonical = (row: Record<string, unknown>) =>
  JSON.stringify(Object.fromEntries(Object.keys(row).sort().map(k => [k, row[k] instanceof Date ? (row[k] as Date).toISOString() : row[k]])));

/** Code-unit order, the same on every machine (localeCompare is not). */
function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Every row of every adp table, in a canonical order (rows sorted by their JSON). */
export async function dumpAdpTables(knex: Knex, tables: string[] = adpTables()): Promise<Dump> {
  const dump: Dump = {};
  for (const table of tables) {
    const rows = (await knex(table).select('*')) as Array<Record<string, unknown>>;
    dump[table] = rows
      .map(r => ({ row: r, key: canonical(r) }))
      .sort((a, b) => compareKeys(a.key, b.key))
      .map(r => JSON.parse(r.key));
  }
  return dump;
}

/** A short description of what differs between two dumps ('' when they are equal). */
export function diffDumps(before: Dump, after: Dump): string {
  const lines: string[] = [];
  for (const table of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = new Set((before[table] ?? []).map(r => JSON.stringify(r)));
    const b = new Set((after[table] ?? []).map(r => JSON.stringify(r)));
    const removed = [...a].filter(r => !b.has(r));
    const added = [...b].filter(r => !a.has(r));
    if (removed.length || added.length) {
      lines.push(`${table}: -${removed.length} +${added.length}`);
      removed.slice(0, 3).forEach(r => lines.push(`  - ${r.slice(0, 300)}`));
      added.slice(0, 3).forEach(r => lines.push(`  + ${r.slice(0, 300)}`));
    }
  }
  return lines.join('\n');
}
