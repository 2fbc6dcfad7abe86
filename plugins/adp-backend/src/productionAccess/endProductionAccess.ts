import { ProductionAccessRequest, ProductionRevocationReason } from '@adp-portal/plugin-adp-common';
import { ConflictError } from '@backstage/errors';
import { WriteContext } from '../service/DeliveryWriter';
import { placeOf, recordStep } from './recordStep';

export interface Ending {
  reason: ProductionRevocationReason;
  note: string | null;
}

/**
 * Ends one record inside a write: an active grant is revoked, a pending request withdrawn.
 * Production Admin needs Production Deploy, so ending an active Deploy grant also revokes
 * the holder's active Admin grant on the project. Returns every record it ended.
 */
export async function endProductionAccess(ctx: WriteContext, record: ProductionAccessRequest, ending: Ending): Promise<ProductionAccessRequest[]> {
  if (record.status !== 'active' && record.status !== 'pending') {
    throw new ConflictError(`This ${record.status} record has already ended`);
  }
  const after: ProductionAccessRequest = {
    ...record,
    status: record.status === 'active' ? 'revoked' : 'withdrawn',
    endedAt: ctx.at,
    endedBy: ctx.actor,
    endReason: ending.reason,
    endNote: ending.note,
    updatedAt: ctx.at,
    updatedBy: ctx.actor,
  };
  if (!(await ctx.stores.productionAccess.updateIfStatus(after, record.status))) {
    throw new ConflictError('This record changed at the same time; reload and try again');
  }
  const place = await placeOf(ctx.stores, record.projectId);
  recordStep(ctx, place, record, after, after.status === 'revoked' ? 'production-access-revoked' : 'production-access-withdrawn');
  const ended = [after];
  if (record.status === 'active' && record.level === 'production-deploy') {
    const admin = await ctx.stores.productionAccess.findOpen(record.projectId, record.userRef, 'production-admin');
    if (admin?.status === 'active') {
      ended.push(...(await endProductionAccess(ctx, admin, { reason: 'deploy-revoked', note: null })));
    }
  }
  return ended;
}

/**
 * The team hook: in the same transaction as the team change, a member who leaves the
 * team or stops being technical loses every production level on the project and their
 * pending requests are withdrawn.
 */
export async function endOnTeamChange(
  ctx: WriteContext,
  change: { projectId: string; userRef: string; reason: 'left-team' | 'no-longer-technical' },
): Promise<ProductionAccessRequest[]> {
  const open = await ctx.stores.productionAccess.list({
    projectId: change.projectId,
    userRef: change.userRef,
    statuses: ['pending', 'active'],
  });
  const ended: ProductionAccessRequest[] = [];
  // Admin first, so the Deploy cascade finds nothing left to end.
  const adminFirst = (r: ProductionAccessRequest) => (r.level === 'production-admin' ? 0 : 1);
  for (const record of [...open].sort((a, b) => adminFirst(a) - adminFirst(b))) {
    const { lastActiveAt: _ignored, ...bare } = record;
    ended.push(...(await endProductionAccess(ctx, bare, { reason: change.reason, note: null })));
  }
  return ended;
}
