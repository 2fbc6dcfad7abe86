import {
  defaultUserTransformer,
  MICROSOFT_GRAPH_USER_ID_ANNOTATION,
  UserTransformer,
} from '@backstage/plugin-catalog-backend-module-msgraph';

/**
 * Names Entra users by the lower-cased local part of their mail (`Jane.Doe@defra.gov.uk`
 * → `user:default/jane.doe`), the form the portal's user refs and sign-in resolver use,
 * instead of the default `jane.doe_defra.gov.uk`. Keeps the default's annotations, among
 * them `graph.microsoft.com/user-id`: the Entra object id the provisioning reconcilers use.
 * Users with neither mail nor user principal name, or whose local part is not a valid
 * entity name, are left out rather than ingested under an unpredictable name.
 *
 * @public
 */
export const adpUserTransformer: UserTransformer = async (user, userPhoto) => {
  const name = userEntityName(user.mail ?? user.userPrincipalName ?? undefined);
  if (!name || !user.id) return undefined;
  const entity = await defaultUserTransformer(user, userPhoto);
  if (!entity?.metadata.annotations?.[MICROSOFT_GRAPH_USER_ID_ANNOTATION]) return undefined;
  entity.metadata.name = name;
  if (entity.spec.profile?.email) entity.spec.profile.email = entity.spec.profile.email.toLowerCase();
  return entity;
};

const ENTITY_NAME = /^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/;

/**
 * The lower-cased local part of an address, when it is a valid catalog entity name.
 *
 * @public
 */
export function userEntityName(address: string | undefined): string | undefined {
  const local = address?.split('@')[0]?.trim().toLowerCase();
  return local && local.length <= 63 && ENTITY_NAME.test(local) ? local : undefined;
}
