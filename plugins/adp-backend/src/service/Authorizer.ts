import { AdpPermission, AdpResourceType } from '@adp-portal/plugin-adp-common';
import { BackstageCredentials, PermissionsService } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult, ResourcePermission } from '@backstage/plugin-permission-common';
import { ConditionTransformer } from '@backstage/plugin-permission-node';
import { AdpScopeQuery, ScopeFilter } from '../database/scopeFilter';
import { ADP_PERMISSION_MESSAGES } from './messages';

/** Asks the permission framework; default deny. */
export class Authorizer {
  constructor(
    private readonly permissions: PermissionsService,
    private readonly transformers: ReadonlyMap<AdpResourceType, ConditionTransformer<AdpScopeQuery>>,
  ) {}

  /** Resource permissions are asked about the record id, so the policy sees the stored record. */
  async isAllowed(credentials: BackstageCredentials, permission: AdpPermission, resourceRef?: string): Promise<boolean> {
    const [decision] =
      permission.type === 'resource'
        ? await this.permissions.authorize([{ permission, resourceRef: resourceRef! }], { credentials })
        : await this.permissions.authorize([{ permission }], { credentials });
    return decision.result === AuthorizeResult.ALLOW;
  }

  async require(credentials: BackstageCredentials, permission: AdpPermission, resourceRef?: string): Promise<void> {
    if (permission.type === 'resource' && !resourceRef) {
      throw new Error(`${permission.name} needs a resource`);
    }
    if (!(await this.isAllowed(credentials, permission, resourceRef))) {
      throw new NotAllowedError(ADP_PERMISSION_MESSAGES[permission.name] ?? `You may not ${permission.name}`);
    }
  }

  /** For lists: everything, nothing, or criteria the stores turn into where-clauses. */
  async filter(credentials: BackstageCredentials, permission: ResourcePermission): Promise<ScopeFilter> {
    const [decision] = await this.permissions.authorizeConditional([{ permission }], { credentials });
    if (decision.result === AuthorizeResult.ALLOW) return true;
    if (decision.result !== AuthorizeResult.CONDITIONAL) return false;
    const transform = this.transformers.get(permission.resourceType as AdpResourceType);
    return transform ? transform(decision.conditions) : false;
  }
}
