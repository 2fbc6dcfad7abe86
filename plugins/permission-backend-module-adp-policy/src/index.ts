/**
 * The ADP role hierarchy as the portal's permission policy: a module of the
 * `permission` plugin.
 *
 * @packageDocumentation
 */
export { permissionModuleAdpPolicy as default } from './module';
export { AdpPermissionPolicy } from './AdpPermissionPolicy';
export { RoleIndex } from './RoleIndex';
export type { RoleIndexSource } from './RoleIndex';
export { CatalogUserDirectory } from './CatalogUserDirectory';
export { UserAccessResolver } from './UserAccess';
export type { UserAccess, PlatformRoleGroups } from './UserAccess';
