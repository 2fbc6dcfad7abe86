import { LoggerService } from '@backstage/backend-plugin-api';
import { DeliveryDatabase } from '../database/stores';
import { WorkActivityNotPermitted, WorkActivitySource } from './EntraSignIns';

/** Activity recorded within this long needs no second opinion: the person is plainly not absent. */
const FRESH_MS = 24 * 3600_000;

/**
 * Asks the work activity source (Entra ID sign-ins) about each holder whose recorded activity is
 * older than a day, and keeps the later of the two in `user_profiles.last_active_at`, which the
 * absence rule, the access reviews and the warnings all read. A sign-in stamped after `now`
 * (clock skew) counts as `now`. Returns the holders the source failed to answer for: their
 * absence cannot be decided this run. A source that is not permitted to answer (403) counts for
 * nobody: portal activity alone decides, as when Graph is not configured, and a warning says so.
 */
export async function recordWorkActivity(
  db: DeliveryDatabase,
  source: WorkActivitySource,
  holders: Array<{ userRef: string; lastActiveAt: string | null }>,
  now: Date,
  logger?: LoggerService,
): Promise<Set<string>> {
  const unanswered = new Set<string>();
  const staleBefore = new Date(now.getTime() - FRESH_MS).toISOString();
  const refs = [...new Set(holders.filter(h => !h.lastActiveAt || h.lastActiveAt < staleBefore).map(h => h.userRef))];
  if (refs.length === 0) return unanswered;
  const profiles = new Map((await db.read.profiles.getMany(refs)).map(p => [p.userRef, p]));
  for (const userRef of refs) {
    const p = profiles.get(userRef);
    let signedInAt: string | null;
    try {
      signedInAt = await source.lastWorkedAt({ userRef, entraObjectId: p?.entraObjectId ?? null, email: p?.email ?? null });
    } catch (error) {
      if (error instanceof WorkActivityNotPermitted) {
        logger?.warn(`Entra ID sign-ins are not readable, so portal activity alone measures absence: ${error.message}`);
        return unanswered;
      }
      unanswered.add(userRef);
      logger?.warn(`Could not read the work activity of ${userRef}; their absence is decided on a later run: ${error}`);
      continue;
    }
    if (!signedInAt || Number.isNaN(Date.parse(signedInAt))) continue;
    const at = new Date(Math.min(Date.parse(signedInAt), now.getTime())).toISOString();
    // Conditional: a later portal request recorded meanwhile is never moved back.
    await db.knex('user_profiles')
      .where('user_ref', userRef)
      .andWhere(q => q.whereNull('last_active_at').orWhere('last_active_at', '<', at))
      .update({ last_active_at: at });
  }
  return unanswered;
}
