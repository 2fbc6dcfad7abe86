import {
  ABSENCE_LIMIT_DAYS,
  isAbsent,
  PRODUCTION_LEVELS,
  ProductionAccessRequest,
  revokeForAbsenceAt,
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
  const ended = absent.length === 0 ? [] : await revoke(deps, absent, now);
  if (deps.notifier) await warnHolders(deps, deps.notifier, unanswered, now);
  return ended;
}

const DAY_MS = 24 * 3600_000;
/** Holders are warned this many days before the revocation (the largest that applies is sent). */
export const ABSENCE_WARNING_DAYS = [7, 1] as const;

/**
 * Warns each holder whose revocation is at most 7 days, then at most 1 day, away. The key names
 * the grant and the revocation time it warns of: activity moves that time, so a later absence
 * is warned of again, while every run (on any instance) before it finds the key sent.
 */
async function warnHolders(deps: RevocationDeps, notifier: AdpNotifier, unanswered: Set<string>, now: Date): Promise<void> {
  // Read again: the activity recordWorkActivity just wrote moves some revocations away.
  const active = await deps.db.read.productionAccess.list({ statuses: ['active'] });
  for (const grant of active) {
    if (unanswered.has(grant.userRef)) continue;
    const revokeAt = revokeForAbsenceAt(grant, grant.lastActiveAt);
    const daysLeft = Math.ceil((Date.parse(revokeAt) - now.getTime()) / DAY_MS);
    if (daysLeft <= 0) continue;
    const threshold = [...ABSENCE_WARNING_DAYS].reverse().find(d => daysLeft <= d);
    if (threshold === undefined) continue;
    await notifier.productionAccessAbsenceWarning(
      {
        holder: grant.userRef,
        level: PRODUCTION_LEVELS[grant.level].title,
        projectTitle: grant.project?.title ?? grant.projectId,
        daysLeft,
        revokeAt: new Date(revokeAt),
        once: `production-access-absence:${grant.id}:${revokeAt}:${threshold}`,
      },
      now,
    );
  }
}

async function revoke(deps: RevocationDeps, absent: ProductionAccessRequest[], now: Date): Promise<ProductionAccessRequest[]> {
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
