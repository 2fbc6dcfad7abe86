// @ts-check

/**
 * Members the portal itself added to a group it shares with others (the ADP Admins' Entra
 * group): only these may the portal remove, so people the tenant put there stay.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('provisioning_added_members', table => {
    table.string('system', 32).notNullable();
    table.string('group_name', 255).notNullable();
    table.string('member_id', 255).notNullable().comment('The member as the system knows it, e.g. an Entra object id');
    table.string('added_at').notNullable();
    table.primary(['system', 'group_name', 'member_id']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('provisioning_added_members');
};
