import { AdpClient, CatalogSource } from '@adp-portal/plugin-adp-common';
import { AuthService } from '@backstage/backend-plugin-api';

/**
 * Which records to read; omitted lists mean "all".
 *
 * @public
 */
export interface CatalogSourceFilter {
  albIds?: string[];
  programmeIds?: string[];
  projectIds?: string[];
}

/**
 * Where the provider reads ADP records from.
 *
 * @public
 */
export interface CatalogSourceReader {
  read(filter?: CatalogSourceFilter): Promise<CatalogSource>;
}

/**
 * Reads `GET /api/adp/internal/catalog-source` with the catalog plugin's own service credentials.
 *
 * @public
 */
export class AdpApiCatalogSourceReader implements CatalogSourceReader {
  constructor(
    private readonly client: AdpClient,
    private readonly auth: AuthService,
  ) {}

  async read(filter: CatalogSourceFilter = {}): Promise<CatalogSource> {
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: await this.auth.getOwnServiceCredentials(),
      targetPluginId: 'adp',
    });
    return this.client.getCatalogSource(
      {
        albIds: joinIds(filter.albIds),
        programmeIds: joinIds(filter.programmeIds),
        projectIds: joinIds(filter.projectIds),
      },
      { token },
    );
  }
}

function joinIds(ids: string[] | undefined): string | undefined {
  return ids && ids.length > 0 ? ids.join(',') : undefined;
}
