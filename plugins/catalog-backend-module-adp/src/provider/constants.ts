/**
 * Stable location key of every entity this provider emits: no other provider can take them over.
 *
 * @public
 */
export const ADP_LOCATION_KEY = 'adp-entity-provider';
/** @public */
export const ADP_PROVIDER_NAME = 'adp';
