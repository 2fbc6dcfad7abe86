import { BuiltEntity, RecordKey } from '../entities/AdpEntityBuilder';

const keyOf = (key: RecordKey) => `${key.level}:${key.id}`;

/**
 * What this provider last put in the catalog, by record: the record's id is all a change
 * event carries, and an archived record may no longer be readable, so removing its entity
 * needs the entity ref remembered here.
 */
export class EntityIndex {
  private entries = new Map<string, { entityRef: string; parent: string | null }>();

  replaceAll(built: BuiltEntity[]): void {
    this.entries = new Map();
    this.upsert(built);
  }

  upsert(built: BuiltEntity[]): void {
    for (const b of built) {
      this.entries.set(keyOf(b.key), { entityRef: b.entityRef, parent: b.parent ? keyOf(b.parent) : null });
    }
  }

  /** Forgets the records and all their descendants; returns the entity refs to remove. */
  remove(keys: RecordKey[]): string[] {
    const doomed = new Set(keys.map(keyOf).filter(k => this.entries.has(k)));
    // Descendants: a programme's projects, an ALB's programmes and their projects.
    let grew = doomed.size > 0;
    while (grew) {
      grew = false;
      for (const [key, entry] of this.entries) {
        if (!doomed.has(key) && entry.parent && doomed.has(entry.parent)) {
          doomed.add(key);
          grew = true;
        }
      }
    }
    const refs: string[] = [];
    for (const key of doomed) {
      refs.push(this.entries.get(key)!.entityRef);
      this.entries.delete(key);
    }
    return refs;
  }

  has(key: RecordKey): boolean {
    return this.entries.has(keyOf(key));
  }

  get size(): number {
    return this.entries.size;
  }
}
