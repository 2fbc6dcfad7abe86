import {
  defaultUserTransformer,
  MICROSOFT_GRAPH_USER_ID_ANNOTATION,
  UserTransformer,
} from '@backstage/plugin-catalog-backend-module-msgraph';

/**
 * Names Entra users by their whole lower-cased mail, the domain kept as the msgraph default
 * keeps it, `Jane.Doe@DEFRA.gov.uk` → `user:default/jane.doe_defra.gov.uk`: two people
 * with one local part in two domains, `jane.doe@defra.gov.uk` and `jane.doe@rpa.gov.uk`, are two
 * users, never one that holds both people's roles and external access. Keeps the default's
 * annotations, among them `graph.microsoft.com/user-id`: the Entra object id that sign-in
 * (`userIdMatchingUserEntityAnnotation`) and the provisioning reconcilers use. Users with
 * neither mail nor user principal name, or whose address is not a valid entity name, are
 * left out rather than ingested under an unpredictable name.
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
 * The entity name of an address: `local_domain`, lower-cased, when it is a valid catalog
 * entity name (at most 63 characters). The adp plugin's migration
 * `20261204150000_entra_user_names.js` applies the same rule to stored user refs.
 *
 * @public
 */
export function userEntityName(address: string | undefined): string | undefined {
  const parts = address?.trim().toLowerCase().split('@');
  if (parts?.length !== 2 || !parts[0] || !parts[1]) return undefined;
  const name = `${parts[0]}_${parts[1]}`;
  return name.length <= 63 && ENTITY_NAME.test(name) ? name : undefined;
}
