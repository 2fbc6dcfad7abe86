// @ts-check

/*
 * Production access: one row per request for a level on a project; an approved request
 * is the grant (status active) until it is revoked. `open_key` holds
 * `{project_id}|{user_ref}|{level}` while the row is pending or active and NULL
 * otherwise, so a plain unique index allows one open request or grant per user, project
 * and level on SQLite and PostgreSQL alike (NULLs never clash).
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('production_access_requests', t => {
    t.string('id', 36).primary();
    t.string('project_id', 36).notNullable().references('id').inTable('projects');
    t.string('user_ref', 300).notNullable();
    t.string('level', 30).notNullable();
    t.text('justification').notNullable();
    t.string('status', 20).notNullable();
    t.string('open_key', 400).nullable();
    t.text('checklist').notNullable().comment('JSON array of learning checklist items');
    t.boolean('apprentice').notNullable().defaultTo(false);
    t.string('line_manager_ref', 300).nullable();
    t.string('line_manager_approved_at', 30).nullable();
    t.text('line_manager_note').nullable();
    t.text('sponsor_confirmations').notNullable().comment('JSON array of confirmed sponsor check ids');
    t.string('decided_at', 30).nullable();
    t.string('decided_by', 300).nullable();
    t.text('decision_note').nullable();
    t.string('granted_at', 30).nullable();
    t.string('last_recertified_at', 30).nullable();
    t.string('last_recertified_by', 300).nullable();
    t.string('ended_at', 30).nullable();
    t.string('ended_by', 300).nullable();
    t.string('end_reason', 30).nullable();
    t.text('end_note').nullable();
    t.string('created_at', 30).notNullable();
    t.string('created_by', 300).notNullable();
    t.string('updated_at', 30).notNullable();
    t.string('updated_by', 300).notNullable();
    t.unique(['open_key'], { indexName: 'production_access_open_uq' });
    t.index(['project_id', 'status'], 'production_access_project_idx');
    t.index(['user_ref', 'status'], 'production_access_user_idx');
    t.index(['status'], 'production_access_status_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTableIfExists('production_access_requests');
};
