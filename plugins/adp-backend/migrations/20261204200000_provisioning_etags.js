// @ts-check

/**
 * GitHub conditional requests: the ETag and body of each GET's last 200, so the next read of
 * the same URL sends If-None-Match and a 304 (which GitHub does not count against the rate
 * limit) reuses the body. In the database, so every instance shares them.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('provisioning_etags', table => {
    table.string('system', 32).notNullable();
    table.string('url_hash', 64).notNullable().comment('sha256 of the URL: URLs can be longer than a key allows');
    table.text('url').notNullable();
    table.string('etag', 255).notNullable();
    table.text('headers').notNullable().comment('JSON: the answer headers a reader needs again (link, for pagination)');
    table.text('body').notNullable().comment('JSON: the body the ETag stands for');
    table.string('stored_at').notNullable();
    table.primary(['system', 'url_hash']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('provisioning_etags');
};
