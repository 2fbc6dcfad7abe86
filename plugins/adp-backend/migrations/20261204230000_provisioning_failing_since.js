// @ts-check

/*
 * When a target's current run of failures in a system began (issue #22): set by the first
 * failure after a success, kept by the failures after it, cleared by a success. Team admins are
 * told once per such episode when it lasts longer than adp.notifications.provisioningFailureMinutes.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('provisioning_status', t => {
    t.string('failing_since', 30).nullable();
  });
  // Rows failing now: their episode is taken to start at their last attempt.
  await knex('provisioning_status').where('status', 'failed').update({ failing_since: knex.ref('last_attempt_at') });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('provisioning_status', t => {
    t.dropColumn('failing_since');
  });
};
