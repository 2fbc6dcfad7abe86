/**
 * ADP portal pages: delivery structure, teams, provisioning status, access and the
 * permission matrix (legacy frontend system; see `./alpha` for the new one).
 *
 * @packageDocumentation
 */
export {
  adpPlugin,
  AdpPage,
  EntityAdpTeamContent,
  EntityAdpHistoryContent,
  EntityAdpProvisioningCard,
  EntityAdpAccessCard,
  EntityAdpProductionAccessCard,
  AdpDeliveryProjectPickerFieldExtension,
} from './plugin';
export {
  DeliveryProjectPicker,
  DeliveryProjectPickerSchema,
  DELIVERY_PROJECT_PICKER,
} from './components/Scaffolder';
export { rootRouteRef as adpRootRouteRef } from './routes';
export * from './api';
// The entity filters a legacy app's EntitySwitch needs; the naming itself lives in adp-common.
export {
  isAdpProgrammeEntity,
  isAdpProjectEntity,
  isAdpDeliveryEntity,
} from '@adp-portal/plugin-adp-common';
