import { AdpClient } from '@adp-portal/plugin-adp-common';
import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { RoleIndexSource } from './RoleIndex';

/** Reads the role index from the adp plugin with this module's own service token. */
export class AdpRoleIndexSource implements RoleIndexSource {
  private readonly client: AdpClient;

  constructor(
    discovery: DiscoveryService,
    private readonly auth: AuthService,
  ) {
    this.client = new AdpClient({ discoveryApi: discovery });
  }

  async fetchSnapshot(userRefs?: string[]) {
    return this.client.getRoleIndex(
      userRefs ? { userRefs: userRefs.join(',') } : {},
      await this.tokenOptions(),
    );
  }

  async fetchChanges(since: number) {
    return this.client.getRoleIndexChanges(since, await this.tokenOptions());
  }

  private async tokenOptions() {
    return this.auth.getPluginRequestToken({
      onBehalfOf: await this.auth.getOwnServiceCredentials(),
      targetPluginId: 'adp',
    });
  }
}
