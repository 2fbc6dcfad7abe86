import { Route, Routes } from 'react-router-dom';
import { ADP_PATHS } from '../../routes';
import { MyAccessPage } from '../Access/MyAccessPage';
import { DeliveryLandingPage } from '../Delivery/DeliveryLandingPage';
import { AlbListPage } from '../Lists/AlbListPage';
import { ProgrammeListPage } from '../Lists/ProgrammeListPage';
import { ProjectListPage } from '../Lists/ProjectListPage';
import { PermissionMatrixPage } from '../PermissionMatrix/PermissionMatrixPage';
import { ProductionAccessPage } from '../ProductionAccess/ProductionAccessPage';

/** The plugin's pages below /adp. */
export const AdpPage = () => (
  <Routes>
    <Route path="/" element={<DeliveryLandingPage />} />
    <Route path={ADP_PATHS.albs} element={<AlbListPage />} />
    <Route path={ADP_PATHS.programmes} element={<ProgrammeListPage />} />
    <Route path={ADP_PATHS.projects} element={<ProjectListPage />} />
    <Route path={ADP_PATHS.permissions} element={<PermissionMatrixPage />} />
    <Route path={ADP_PATHS.myAccess} element={<MyAccessPage />} />
    <Route path={ADP_PATHS.productionAccess} element={<ProductionAccessPage />} />
  </Routes>
);
