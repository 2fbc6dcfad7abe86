import { Header, Page, TabbedLayout } from '@backstage/core-components';
import { ADP_PATHS } from '../../routes';
import { MyAccessPage } from '../Access/MyAccessPage';
import { DeliveryLandingPage } from '../Delivery/DeliveryLandingPage';
import { AlbListPage } from '../Lists/AlbListPage';
import { ProgrammeListPage } from '../Lists/ProgrammeListPage';
import { ProjectListPage } from '../Lists/ProjectListPage';
import { PermissionMatrixPage } from '../PermissionMatrix/PermissionMatrixPage';
import { ProductionAccessPage } from '../ProductionAccess/ProductionAccessPage';

/**
 * The plugin's pages below /adp: one header with a tab per page, as Backstage's own pages
 * do. The tab paths are those of the sub-route refs in routes.ts.
 */
export const AdpPage = () => (
  <Page themeId="tool">
    <Header
      title="Delivery"
      subtitle="Arms Length Bodies, delivery programmes and projects"
    />
    <TabbedLayout>
      <TabbedLayout.Route path="/" title="Overview">
        <DeliveryLandingPage />
      </TabbedLayout.Route>
      <TabbedLayout.Route
        path={`/${ADP_PATHS.albs}`}
        title="Arms Length Bodies"
      >
        <AlbListPage />
      </TabbedLayout.Route>
      <TabbedLayout.Route path={`/${ADP_PATHS.programmes}`} title="Programmes">
        <ProgrammeListPage />
      </TabbedLayout.Route>
      <TabbedLayout.Route path={`/${ADP_PATHS.projects}`} title="Projects">
        <ProjectListPage />
      </TabbedLayout.Route>
      <TabbedLayout.Route
        path={`/${ADP_PATHS.permissions}`}
        title="Permission matrix"
      >
        <PermissionMatrixPage />
      </TabbedLayout.Route>
      <TabbedLayout.Route path={`/${ADP_PATHS.myAccess}`} title="My access">
        <MyAccessPage />
      </TabbedLayout.Route>
      <TabbedLayout.Route
        path={`/${ADP_PATHS.productionAccess}`}
        title="Production access"
      >
        <ProductionAccessPage />
      </TabbedLayout.Route>
    </TabbedLayout>
  </Page>
);
