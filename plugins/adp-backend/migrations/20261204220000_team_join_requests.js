// @ts-check

/*
 * Requests to join a project team (issue #22): a signed-in person asks with a reason, the
 * project's team admins approve (the person becomes a member) or refuse. `open_key` is
 * `{projectId}|{userRef}` while pending and null after the decision, so each person has at most
 * one pending request per team, even under concurrent asks.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('team_join_requests', t => {
    t.string('id', 36).primary();
    t.string('project_id', 36).notNullable().references('id').inTable('projects');
    t.string('user_ref', 255).notNullable();
    t.text('reason').notNullable();
    t.string('status', 16).notNullable();
    t.string('open_key', 300).nullable().unique();
    t.string('decided_by', 255).nullable();
    t.string('decided_at', 30).nullable();
    t.text('decision_note').nullable();
    t.string('created_at', 30).notNullable();
    t.string('created_by', 255).notNullable();
    t.string('updated_at', 30).notNullable();
    t.string('updated_by', 255).notNullable();
    t.index(['project_id', 'status'], 'team_join_requests_project_status_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('team_join_requests');
};
