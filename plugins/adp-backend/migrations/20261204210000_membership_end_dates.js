// @ts-check

/*
 * An optional last day on a project membership (contractors, secondments): the membership is
 * removed on `ends_at` (an ISO calendar date), and its holder is warned a week before
 * (`end_warned_at` records that the warning went, so each warning goes once).
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('project_members', t => {
    t.string('ends_at', 10).nullable();
    t.string('end_warned_at', 30).nullable();
    t.index(['ends_at'], 'project_members_ends_at_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('project_members', t => {
    t.dropIndex(['ends_at'], 'project_members_ends_at_idx');
    t.dropColumn('end_warned_at');
    t.dropColumn('ends_at');
  });
};
