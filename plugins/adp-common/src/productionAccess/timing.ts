/*
 * The clock rules of production access, shared by the server (which enforces them) and
 * the pages (which show the dates). See docs/decisions.md for why these numbers.
 */

const DAY_MS = 24 * 3600_000;

/**
 * The GOV.UK production access rules: "If you're absent more than 6 weeks, your access should be revoked."
 *
 * @public
 */
export const ABSENCE_LIMIT_DAYS = 42;

/**
 * A sponsor recertifies each grant they sponsor at least this often.
 *
 * @public
 */
export const RECERTIFICATION_INTERVAL_DAYS = 90;

/** The later of two ISO times (ISO strings compare in time order); null only when both are. */
function later(a: string | null, b: string | null): string | null {
  if (!a || !b) return a ?? b;
  return a > b ? a : b;
}

/**
 * Absence is measured from the later of the holder's last recorded activity and the
 * moment the level was granted (a grant never starts out already absent).
 *
 * @public
 */
export function absenceStart(grant: { grantedAt: string | null }, lastActiveAt: string | null): string | null {
  return later(grant.grantedAt, lastActiveAt);
}

/**
 * When the grant is revoked for absence unless its holder is active before then.
 *
 * @public
 */
export function revokeForAbsenceAt(grant: { grantedAt: string | null }, lastActiveAt: string | null): string {
  const start = absenceStart(grant, lastActiveAt);
  return new Date(Date.parse(start ?? new Date(0).toISOString()) + ABSENCE_LIMIT_DAYS * DAY_MS).toISOString();
}

/**
 * Absent for more than the limit at `now`?
 *
 * @public
 */
export function isAbsent(grant: { grantedAt: string | null }, lastActiveAt: string | null, now: Date): boolean {
  return now.toISOString() > revokeForAbsenceAt(grant, lastActiveAt);
}

/**
 * When the grant is next due for recertification: from the grant or its last recertification.
 *
 * @public
 */
export function recertifyBy(grant: { grantedAt: string | null; lastRecertifiedAt: string | null }): string {
  const from = later(grant.grantedAt, grant.lastRecertifiedAt) ?? new Date(0).toISOString();
  return new Date(Date.parse(from) + RECERTIFICATION_INTERVAL_DAYS * DAY_MS).toISOString();
}
