// @ts-check

/**
 * Where each change feed was last read up to (Microsoft Graph's `@odata.deltaLink` for groups),
 * shared by every instance: the next round asks only for what changed since.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('provisioning_delta_links', table => {
    table.string('system', 32).notNullable();
    table.string('feed', 64).notNullable();
    table.text('link').notNullable();
    table.string('stored_at').notNullable();
    table.primary(['system', 'feed']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('provisioning_delta_links');
};
