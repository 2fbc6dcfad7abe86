// @ts-check

/**
 * Provisioning: a lease per target, so two backend instances never reconcile the same
 * project, programme or the platform at once (and never fight over one team or group).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('provisioning_leases', table => {
    table
      .string('target', 120)
      .primary()
      .comment('{kind}:{id} of the target being reconciled');
    table
      .string('holder', 64)
      .notNullable()
      .comment('Token of the reconcile holding the lease');
    table
      .string('until', 30)
      .notNullable()
      .comment('ISO time the lease expires (a crashed instance)');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('provisioning_leases');
};
