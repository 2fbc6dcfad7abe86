import { ProvisioningTarget } from '../types';
import { OutboxItem, RETRY_KIND } from '../queue/OutboxQueue';
import { DeliveryReader } from '../delivery/DeliveryReader';

const PLATFORM: ProvisioningTarget = { kind: 'platform', id: 'platform' };

/**
 * The targets an outbox item touches. A project change also touches the platform team (its
 * repositories), a programme change all its projects (archiving), a profile change every
 * team the user is on (a new GitHub handle or email).
 */
export async function targetsOf(item: OutboxItem, reader: DeliveryReader): Promise<ProvisioningTarget[]> {
  switch (item.recordKind) {
    case RETRY_KIND: {
      // A retry of one target (a full pass that failed): `{kind}:{id}`.
      const [kind, ...rest] = item.recordId.split(':');
      const id = rest.join(':');
      if (kind === 'platform') return [PLATFORM];
      if (kind === 'project') return [{ kind: 'project', id }];
      if (kind === 'programme') return [{ kind: 'programme', id }];
      return [];
    }
    case 'platform-role':
      return [PLATFORM];
    case 'user-profile':
      return reader.targetsOfUser(item.recordId);
    case 'programme': {
      const id = item.programmeId ?? item.recordId;
      const projects = await reader.projectIdsOfProgramme(id);
      return [{ kind: 'programme', id }, ...projects.map(p => ({ kind: 'project' as const, id: p }))];
    }
    case 'programme-admin':
      return item.programmeId ? [{ kind: 'programme', id: item.programmeId }] : [];
    case 'project':
      return [{ kind: 'project', id: item.projectId ?? item.recordId }, PLATFORM];
    default:
      // Team rows and anything else scoped to a project; ALBs and service accounts provision nothing.
      return item.projectId ? [{ kind: 'project', id: item.projectId }] : [];
  }
}
