// @ts-check

/*
 * One person, one identity. Users from Entra ID used to be named by the local part of their
 * mail, so jane.doe@defra.gov.uk and jane.doe@rpa.gov.uk were both user:default/jane.doe and
 * one held the other's roles. The catalog module now keeps the domain
 * (user:default/jane.doe_defra.gov.uk, as the msgraph default does). This rewrites the stored
 * user refs that decide access, for every profile whose Entra object id says it came from
 * Entra and whose stored email gives the new name under the old one. Profiles of users from
 * elsewhere (examples/org.yaml, the demo personas) have no Entra object id and stay as they
 * are. The history keeps the refs it was written with: it records what happened, as it was.
 */

const ENTITY_NAME = /^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/;
const PREFIX = 'user:default/';

/**
 * The rule of userEntityName in catalog-backend-module-adp (adpUserTransformer.ts).
 *
 * @param {string} email
 */
function names(email) {
  const parts = String(email).trim().toLowerCase().split('@');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return undefined;
  const next = `${parts[0]}_${parts[1]}`;
  if (next.length > 63 || !ENTITY_NAME.test(next)) return undefined;
  return { old: parts[0], next };
}

/** Columns that hold a person's ref and decide access or sponsorship. */
const COLUMNS = [
  ['user_profiles', 'line_manager_ref'],
  ['project_members', 'user_ref'],
  ['programme_admins', 'user_ref'],
  ['platform_role_assignments', 'user_ref'],
  ['production_access_requests', 'user_ref'],
  ['production_access_requests', 'line_manager_ref'],
  ['production_access_requests', 'decided_by'],
  ['production_access_requests', 'last_recertified_by'],
];

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  const profiles = await knex('user_profiles').whereNotNull('entra_object_id').whereNotNull('email').select('user_ref', 'email');
  const taken = new Set((await knex('user_profiles').select('user_ref')).map(r => r.user_ref));
  const renames = [];
  for (const p of profiles) {
    const n = names(p.email);
    if (!n || p.user_ref !== `${PREFIX}${n.old}`) continue;
    const to = `${PREFIX}${n.next}`;
    if (taken.has(to)) continue; // already a user of that name: nothing to merge into
    renames.push({ from: p.user_ref, to });
  }
  if (renames.length === 0) return;
  const { revision } = await knex('revision').where({ id: 1 }).first();
  const next = Number(revision) + 1;
  for (const { from, to } of renames) {
    await knex('user_profiles').where({ user_ref: from }).update({ user_ref: to });
    for (const [table, column] of COLUMNS) {
      await knex(table).where({ [column]: from }).update({ [column]: to });
    }
    // open_key is `{projectId}|{userRef}|{level}`: one open request or grant per person.
    const open = await knex('production_access_requests').where({ user_ref: to }).whereNotNull('open_key').select('id', 'open_key');
    for (const row of open) {
      await knex('production_access_requests').where({ id: row.id }).update({ open_key: String(row.open_key).replace(`|${from}|`, `|${to}|`) });
    }
    // The policy's role index refreshes both refs: the old one's roles are gone, the new one's arrive.
    await knex('role_changes').insert([
      { revision: next, user_ref: from },
      { revision: next, user_ref: to },
    ]);
  }
  await knex('revision').where({ id: 1 }).update({ revision: next });
};

exports.down = async function down() {
  // Not reversed: putting two people back under one name would merge them again.
};
