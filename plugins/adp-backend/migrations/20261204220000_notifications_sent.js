// @ts-check

/*
 * Notifications that warn on a schedule (7 days and 1 day before a revocation, a provisioning
 * failure that lasts) are sent once: the instance that inserts the key first sends, an instance
 * whose insert finds the key already there does not (issue #22).
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('notifications_sent', t => {
    t.string('key', 400).primary().notNullable();
    t.string('topic', 100).notNullable();
    t.string('sent_at', 30).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('notifications_sent');
};
