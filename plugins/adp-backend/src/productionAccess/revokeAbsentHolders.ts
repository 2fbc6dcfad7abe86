import {
  ABSENCE_LIMIT_DAYS,
  isAbsent,
  ProductionAccessRequest,
} from '@adp-portal/plugin-adp-common';
import { DeliveryDatabase } from '../database/stores';
import { DeliveryWriter } from '../service/DeliveryWriter';
import { LoggerService } from '@backstage/backend-plugin-api';
import { AdpNotifier } from '../notifications';
import { endProductionAccess } from './endProductionAccess';
import { WorkActivitySource } from './EntraSignIns';
import { recordWorkActivity } from './recordWorkActivity';

/** Who the scheduled revocation acts as, in stamps and history. */
export const REVOCATION_ACTOR = 'plugin:adp/production-access';

export interface RevocationDeps {
  db: DeliveryDatabase;
  writer: DeliveryWriter;
  /** Entra ID sign-ins when Graph is configured; without it, portal activity alone counts. */
  workActivity?: WorkActivitySource;
  logger?: LoggerService;
  /** Warns holders before the revocation and tells them when it happens. */
  notifier?: AdpNotifier;
}

/**
 * The seed's "absent more than 6 weeks, access revoked": revokes every active grant whose
 * holder has had no recorded sign-in or portal activity since the later of their last
 * activity and the grant. Entra ID sign-ins are read first (recordWorkActivity), so someone
 * who works every day without opening the portal is not absent; a holder Entra could not
 * answer for keeps access until a run where it can. A plain function of `now` so tests control the clock; the
 * scheduler calls it with the real time. Returns the records it ended.
 */
export async function revokeAbsentHolders(
  deps: RevocationDeps,
  now: Date,
): Promise<ProductionAccessRequest[]> {
  const active = await deps.db.read.productionAccess.list({
    statuses: ['active'],
  });
  const unanswered = deps.workActivity
    ? await recordWorkActivity(deps.db, deps.workActivity, active, now, deps.logger)
    : new Set<string>();
  // The activity read inside the transaction below includes what recordWorkActivity wrote.
  const absent = active.filter(g => !unanswered.has(g.userRef) && isAbsent(g, g.lastActiveAt, now));
  if (absent.length === 0) return [];
  return deps.writer.write(
    REVOCATION_ACTOR,
    async ctx => {
      const ended: ProductionAccessRequest[] = [];
      for (const candidate of absent) {
        // Read again inside the transaction: the holder may have come back, or a Deploy
        // revocation earlier in this loop may already have ended their Admin grant.
        const current = await ctx.stores.productionAccess.get(candidate.id);
        if (!current || current.status !== 'active') continue;
        // Locked: a sign-in recorded meanwhile waits for this decision instead of slipping past it.
        const lastActiveAt =
          await ctx.stores.productionAccess.holderActivityForUpdate(
            current.userRef,
          );
        if (!isAbsent(current, lastActiveAt, now)) continue;
        ended.push(
          ...(await endProductionAccess(ctx, current, {
            reason: 'inactivity',
            note: `No sign-in or portal activity for more than ${ABSENCE_LIMIT_DAYS} days`,
          })),
        );
      }
      return ended;
    },
    undefined,
    { at: now.toISOString() },
  );
}
