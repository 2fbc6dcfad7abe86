import { AdpChangeEvent } from '@adp-portal/plugin-adp-common';
import { RecordKey } from '../entities/AdpEntityBuilder';

export interface AffectedRecords {
  /** Records whose entity may have changed or must leave the catalog. */
  changed: RecordKey[];
  /**
   * What to read: the changed records plus their ancestors, because the builder only
   * emits a programme whose ALB is present and a project whose programme is present.
   */
  filter: { albIds: string[]; programmeIds: string[]; projectIds: string[] };
}

/** Maps one change event to the Group entities it touches; null when it touches none. */
export function affectedRecords(event: AdpChangeEvent): AffectedRecords | null {
  const changed = new Map<string, RecordKey>();
  const albIds = new Set<string>();
  const programmeIds = new Set<string>();
  const projectIds = new Set<string>();
  const mark = (key: RecordKey) => changed.set(`${key.level}:${key.id}`, key);

  for (const change of event.changes ?? []) {
    switch (change.kind) {
      case 'alb':
        mark({ level: 'alb', id: change.id });
        albIds.add(change.id);
        break;
      case 'programme':
        mark({ level: 'programme', id: change.id });
        programmeIds.add(change.id);
        break;
      case 'programme-admin':
        if (!change.programmeId) continue;
        mark({ level: 'programme', id: change.programmeId });
        programmeIds.add(change.programmeId);
        break;
      case 'project':
        mark({ level: 'project', id: change.id });
        projectIds.add(change.id);
        break;
      case 'project-member':
        if (!change.projectId) continue;
        mark({ level: 'project', id: change.projectId });
        projectIds.add(change.projectId);
        break;
      default:
        // Platform roles, service accounts and profiles are not part of any Group entity.
        continue;
    }
    if (change.albId) albIds.add(change.albId);
    if (change.programmeId) programmeIds.add(change.programmeId);
  }
  if (changed.size === 0) return null;
  return {
    changed: [...changed.values()],
    filter: { albIds: [...albIds], programmeIds: [...programmeIds], projectIds: [...projectIds] },
  };
}
