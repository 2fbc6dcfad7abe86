import { ProductionAccessRequest } from '@adp-portal/plugin-adp-common';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { Stores } from '../database/stores';
import { userRefOf } from '../service/actor';
import { WithActivity } from './ProductionAccessStore';

/** Production access is personal: only users request, sponsor or approve. */
export function callerRef(credentials: BackstageCredentials): string {
  const ref = userRefOf(credentials);
  if (!ref) throw new NotAllowedError('Only users take part in production access');
  return ref.toLocaleLowerCase('en-US');
}

export async function loadRecord(stores: Stores, id: string): Promise<ProductionAccessRequest> {
  const record = await stores.productionAccess.get(id);
  if (!record) throw new NotFoundError(`No production access request with id ${id}`);
  return record;
}

/** Last activity is for sponsors reviewing grants, not for everyone who reads a project. */
export function withoutActivity(r: WithActivity): ProductionAccessRequest {
  const { lastActiveAt: _lastActiveAt, ...record } = r;
  return record;
}

export const nameOf = (r: ProductionAccessRequest) => r.user?.displayName ?? r.userRef;
