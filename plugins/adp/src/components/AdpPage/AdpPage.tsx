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
 * Seven tabs fit in one row at 1280 px with the sidebar open (no scroll arrow hiding the last
 * one): MUI's 160 px minimum tab width and Backstage's 24 px side padding would need 1,120 px.
 */
const tabProps = { style: { minWidth: 0, paddingLeft: 16, paddingRight: 16 } };

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
      <TabbedLayout.Route path="/" title="Overview" tabProps={tabProps}>
        <DeliveryLandingPage />
      </TabbedLayout.Route>
      <TabbedLayout.Route
        path={`/${ADP_PATHS.albs}`}
        title="Arms Length Bodies"
        tabProps={tabProps}
      >
        <AlbListPage />
      </TabbedLayout.Route>
      <TabbedLayout.Route
        path={`/${ADP_PATHS.programmes}`}
        title="Programmes"
        tabProps={tabProps}
      >
        <ProgrammeListPage />
      </TabbedLayout.Route>
      <TabbedLayout.Route
        path={`/${ADP_PATHS.projects}`}
        title="Projects"
        tabProps={tabProps}
      >
        <ProjectListPage />
      </TabbedLayout.Route>
      <TabbedLayout.Route
        path={`/${ADP_PATHS.permissions}`}
        title="Permission matrix"
        tabProps={tabProps}
      >
        <PermissionMatrixPage />
      </TabbedLayout.Route>
      <TabbedLayout.Route
        path={`/${ADP_PATHS.myAccess}`}
        title="My access"
        tabProps={tabProps}
      >
        <MyAccessPage />
      </TabbedLayout.Route>
      <TabbedLayout.Route
        path={`/${ADP_PATHS.productionAccess}`}
        title="Production access"
        tabProps={tabProps}
      >
        <ProductionAccessPage />
      </TabbedLayout.Route>
    </TabbedLayout>
  </Page>
);
