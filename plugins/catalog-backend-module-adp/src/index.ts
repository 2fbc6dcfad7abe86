/**
 * Catalog module for ADP: ALBs, delivery programmes and delivery projects as Group
 * entities, membership kinds as relations, and catalog permission rules over them.
 *
 * @packageDocumentation
 */
export { catalogModuleAdp as default } from './module';
export { catalogModuleAdpMicrosoftGraphTransformer } from './msgraph/module';
export { searchModuleAdpCatalogCollator } from './search/module';
export { adpCatalogCollatorEntityTransformer } from './search/adpCatalogCollatorEntityTransformer';
export {
  adpUserTransformer,
  userEntityName,
} from './msgraph/adpUserTransformer';
export {
  AdpEntityProvider,
  type AdpEntityProviderOptions,
} from './provider/AdpEntityProvider';
export {
  AdpApiCatalogSourceReader,
  type CatalogSourceFilter,
  type CatalogSourceReader,
} from './provider/CatalogSourceReader';
export {
  AdpEntityBuilder,
  type AdpEntityBuilderOptions,
  type AdpRecordLevel,
  type BuiltEntity,
  type RecordKey,
} from './entities/AdpEntityBuilder';
export { AdpMembershipProcessor } from './processor/AdpMembershipProcessor';
export * from './provider/constants';
export * from './permissions/rules';
export type { ClaimsParams } from './permissions/claimsParamsSchema';
