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
export {
  entityRefFor,
  adpRecordOf,
  isAdpProgrammeEntity,
  isAdpProjectEntity,
  isAdpDeliveryEntity,
  ADP_ANNOTATIONS,
  ADP_GROUP_TYPES,
} from './lib/entityRefs';
export type { AdpEntityKind, AdpEntityRecord } from './lib/entityRefs';
