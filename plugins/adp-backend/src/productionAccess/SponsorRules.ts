import { ProductionAccessRequest, productionAccessSponsorPermission } from '@adp-portal/plugin-adp-common';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { DeliveryDatabase } from '../database/stores';
import { ScopeFilter } from '../database/scopeFilter';
import { Authorizer } from '../service/Authorizer';
import { callerRef } from './shared';

/**
 * Who may sponsor: the seed's "engineer's (civil servant) tech lead, or a Senior
 * Technologist". The permission framework decides the role part (Delivery Team Admin of
 * the project, or ADP Admin); this adds what the role model cannot know: nobody sponsors
 * their own access, and a tech lead sponsors only as a civil servant.
 */
export class SponsorRules {
  constructor(
    private readonly db: DeliveryDatabase,
    private readonly authorizer: Authorizer,
    private readonly isPlatformAdmin: (credentials: BackstageCredentials) => Promise<boolean>,
  ) {}

  /** Throws unless the caller may sponsor this record (decide, recertify). */
  async require(credentials: BackstageCredentials, record: ProductionAccessRequest): Promise<string> {
    const caller = callerRef(credentials);
    // Asked about the stored record's project, never about an id from the request.
    await this.authorizer.require(credentials, productionAccessSponsorPermission, record.projectId);
    if (caller === record.userRef) {
      throw new NotAllowedError('Nobody sponsors their own production access: ask your tech lead or an ADP Admin');
    }
    if (!(await this.eligible(credentials, caller))) {
      throw new NotAllowedError(
        'A tech lead sponsors production access as a civil servant, and your profile does not record you as one; ask an ADP Admin',
      );
    }
    return caller;
  }

  /** ADP Admins always; anyone else only when their profile records them as a civil servant. */
  async eligible(credentials: BackstageCredentials, caller: string): Promise<boolean> {
    if (await this.isPlatformAdmin(credentials)) return true;
    return (await this.db.read.profiles.get(caller))?.employment === 'civil-servant';
  }

  /** The projects whose records the caller may sponsor, as a database filter. */
  async scope(credentials: BackstageCredentials): Promise<ScopeFilter> {
    const caller = callerRef(credentials);
    if (!(await this.eligible(credentials, caller))) return false;
    return this.authorizer.filter(credentials, productionAccessSponsorPermission);
  }
}
