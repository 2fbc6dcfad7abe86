// @ts-check

/**
 * Provisioning: retry bookkeeping and claims on the store's outbox, and the status of
 * every target in every external system.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('provisioning_outbox', table => {
    table.integer('attempts').notNullable().defaultTo(0);
    table.string('next_attempt_at').nullable().comment('ISO time before which the item is not retried');
    table.string('claimed_by').nullable().comment('Claim token of the engine working on the item');
    table.string('claimed_until').nullable().comment('ISO time the claim expires (a crashed engine)');
    table.text('last_error').nullable();
    table.index(['processed_at', 'next_attempt_at'], 'provisioning_outbox_due_idx');
  });
  await knex.schema.createTable('provisioning_status', table => {
    table.string('target_kind', 16).notNullable().comment('project, programme or platform');
    table.string('target_id', 64).notNullable();
    table.string('system', 32).notNullable();
    table.string('status', 16).notNullable().comment('in-sync, pending, failed or not-configured');
    table.text('last_error').nullable();
    table.integer('attempts').notNullable().defaultTo(0);
    table.string('last_success_at').nullable();
    table.string('last_attempt_at').nullable();
    table.text('warnings').nullable().comment('JSON array of what the last run could not do');
    table.primary(['target_kind', 'target_id', 'system']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('provisioning_status');
  await knex.schema.alterTable('provisioning_outbox', table => {
    table.dropIndex(['processed_at', 'next_attempt_at'], 'provisioning_outbox_due_idx');
    table.dropColumn('attempts');
    table.dropColumn('next_attempt_at');
    table.dropColumn('claimed_by');
    table.dropColumn('claimed_until');
    table.dropColumn('last_error');
  });
};
