import { ProductionAccessRequest, productionAccessSponsorPermission } from '@adp-portal/plugin-adp-common';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { DeliveryDatabase } from '../database/stores';
import { bothScopeFilters, ScopeFilter } from '../database/scopeFilter';
import { Authorizer } from '../service/Authorizer';
import { callerRef } from './shared';

/**
 * Who may sponsor: the GOV.UK production access rules' "engineer's (civil servant) tech lead,
 * or a Senior Technologist" (docs/production-access.md, docs/decisions.md).
 *
 * - The **tech lead** of a project is a stored member of its team who is both technical and an
 *   admin there (Technical Team Member and Delivery Team Admin of that project), recorded as a
 *   civil servant. A delivery manager (admin, not technical) is not one, and a programme admin
 *   is one only where they are on the team as such: role inclusion gives neither.
 * - The **senior technologists** are the ADP Admins, the platform's engineers.
 *
 * The permission framework decides the role part (`adp.productionAccess.sponsor` on the record's
 * project); this adds what the role model cannot know: the stored team row, the employment, and
 * that nobody sponsors their own access.
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
    if (await this.isPlatformAdmin(credentials)) return caller;
    if (!(await this.techLeadProjects(caller)).includes(record.projectId)) {
      throw new NotAllowedError(
        "Only the project's tech lead (a technical member who is also a team admin of the project) or an ADP Admin sponsors production access",
      );
    }
    if (!(await this.civilServant(caller))) {
      throw new NotAllowedError(
        'A tech lead sponsors production access as a civil servant, and your profile does not record you as one; ask an ADP Admin',
      );
    }
    return caller;
  }

  /** The projects whose records the caller may sponsor, as a database filter. */
  async scope(credentials: BackstageCredentials): Promise<ScopeFilter> {
    const permitted = await this.authorizer.filter(credentials, productionAccessSponsorPermission);
    if (await this.isPlatformAdmin(credentials)) return permitted;
    const caller = callerRef(credentials);
    const projects = await this.techLeadProjects(caller);
    if (projects.length === 0 || !(await this.civilServant(caller))) return false;
    return bothScopeFilters(permitted, { scope: 'project', ids: projects });
  }

  /** Projects whose team holds the caller as technical and admin. */
  private async techLeadProjects(caller: string): Promise<string[]> {
    const { members } = await this.db.read.teams.grantRows([caller]);
    return members.filter(m => m.technical && m.admin).map(m => m.projectId);
  }

  private async civilServant(caller: string): Promise<boolean> {
    return (await this.db.read.profiles.get(caller))?.employment === 'civil-servant';
  }
}
