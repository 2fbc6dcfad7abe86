import {
  PRODUCTION_LEVELS,
  ProductionAccessRequest,
  ProductionAccessStatus,
  ProductionRevocationReason,
} from '@adp-portal/plugin-adp-common';
import { formErrorsFrom } from '../../lib/serverErrors';

export const STATUS_TEXT: Record<ProductionAccessStatus, string> = {
  pending: 'Awaiting a sponsor',
  active: 'Granted',
  refused: 'Refused',
  withdrawn: 'Withdrawn',
  revoked: 'Revoked',
};

export const END_REASON_TEXT: Record<ProductionRevocationReason, string> = {
  inactivity: 'more than six weeks without activity',
  'left-team': 'left the project team',
  'no-longer-technical': 'no longer a Technical Team Member',
  'deploy-revoked': 'Production Deploy ended',
  'revoked-by-sponsor': 'revoked by a sponsor',
  'withdrawn-by-requester': 'withdrawn',
};

export const levelTitle = (r: Pick<ProductionAccessRequest, 'level'>) => PRODUCTION_LEVELS[r.level].title;

/** A calendar day for people, or a dash. */
export const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : '—');

export const holderOf = (r: ProductionAccessRequest) => r.user?.displayName ?? r.userRef;

export const projectOf = (r: ProductionAccessRequest) => r.project?.title ?? r.projectId;

/** The sentence a failed call should show: the server's own message when it has one. */
export const messageOf = (e: unknown) => formErrorsFrom(e, []).form ?? String(e);
