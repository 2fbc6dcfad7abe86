import { ProductionAccessRequest } from '@adp-portal/plugin-adp-common';
import { NotFoundError } from '@backstage/errors';
import { Stores } from '../database/stores';
import { WriteContext } from '../service/DeliveryWriter';
import { bareRequest } from './rows';

/** Where a project sits, for history rows and outbox entries. */
export interface ProjectPlace {
  projectId: string;
  programmeId: string;
  albId: string;
}

export async function placeOf(stores: Stores, projectId: string): Promise<ProjectPlace> {
  const project = await stores.projects.get(projectId);
  if (!project) throw new NotFoundError(`No delivery project with id ${projectId}`);
  const programme = await stores.programmes.get(project.programmeId);
  return { projectId, programmeId: project.programmeId, albId: programme?.albId ?? '' };
}

/**
 * Records one step of a production access record: a history row (the record's before and
 * after) and an outbox entry, so the reconciler converges the project's production groups.
 */
export function recordStep(
  ctx: WriteContext,
  place: ProjectPlace,
  before: ProductionAccessRequest | null,
  after: ProductionAccessRequest,
  reason: string,
): void {
  ctx.record({
    kind: 'production-access',
    id: after.id,
    albId: place.albId,
    programmeId: place.programmeId,
    projectId: place.projectId,
    action: before ? 'updated' : 'created',
    before: before ? bareRequest(before) : null,
    after: bareRequest(after),
    reason,
  });
}
