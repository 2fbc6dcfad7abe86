/**
 * The ADP delivery model shared by the backend and the pages: records, validation
 * schemas, roles and their evaluation, permissions, naming templates, the catalog's naming of
 * ADP entities and the API client.
 *
 * @packageDocumentation
 */
export * from './model/records';
export * from './model/schemas';
export * from './model/slug';
export * from './permissions';
export * from './roles/definitions';
export * from './roles/evaluate';
export * from './roles/assignments';
export * from './roles/conditions';
export * from './roles/matrix';
export * from './roles/productionLevels';
export * from './productionAccess/model';
export * from './productionAccess/schemas';
export * from './productionAccess/timing';
export * from './naming';
export * from './nameClashes';
export * from './catalog/constants';
export * from './catalog/entityRefs';
export * from './client/types';
export * from './client/AdpClient';
export * from './config';
