// @ts-check
/*
 * The ADP delivery data schema. Ids are UUIDs generated in code, timestamps ISO strings.
 * Case-insensitive uniqueness is enforced with normalised key columns (code upper case,
 * title_key lower case) so it behaves the same on SQLite and PostgreSQL.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('albs', t => {
    t.string('id', 36).primary();
    t.string('name', 63).notNullable().unique();
    t.string('title', 100).notNullable();
    t.string('title_key', 100).notNullable().index();
    t.string('alias', 30);
    t.text('description').notNullable();
    t.string('url', 2000);
    t.string('created_at', 30).notNullable();
    t.string('created_by', 300).notNullable();
    t.string('updated_at', 30).notNullable();
    t.string('updated_by', 300).notNullable();
  });

  await knex.schema.createTable('programmes', t => {
    t.string('id', 36).primary();
    t.string('alb_id', 36).notNullable().references('id').inTable('albs');
    t.string('name', 63).notNullable().unique();
    t.string('title', 100).notNullable();
    t.string('title_key', 100).notNullable().index();
    t.string('code', 4).notNullable().unique();
    t.string('alias', 30);
    t.text('description').notNullable();
    t.string('url', 2000);
    t.string('archived_at', 30);
    t.string('created_at', 30).notNullable();
    t.string('created_by', 300).notNullable();
    t.string('updated_at', 30).notNullable();
    t.string('updated_by', 300).notNullable();
    t.index(['alb_id'], 'programmes_alb_idx');
  });

  await knex.schema.createTable('projects', t => {
    t.string('id', 36).primary();
    t.string('programme_id', 36).notNullable().references('id').inTable('programmes');
    t.string('name', 63).notNullable().unique();
    t.string('title', 100).notNullable();
    t.string('title_key', 100).notNullable();
    t.string('alias', 30);
    t.text('description').notNullable();
    t.string('ado_project', 64);
    t.string('github_team_visibility', 10).notNullable();
    t.string('team_type', 10).notNullable();
    t.string('service_code', 10);
    t.string('cost_centre', 32);
    t.string('service_owner', 320);
    t.string('archived_at', 30);
    t.string('created_at', 30).notNullable();
    t.string('created_by', 300).notNullable();
    t.string('updated_at', 30).notNullable();
    t.string('updated_by', 300).notNullable();
    t.unique(['programme_id', 'title_key'], { indexName: 'projects_programme_title_uq' });
    t.index(['title_key'], 'projects_title_key_idx');
  });

  await knex.schema.createTable('programme_admins', t => {
    t.string('id', 36).primary();
    t.string('programme_id', 36).notNullable().references('id').inTable('programmes');
    t.string('user_ref', 300).notNullable();
    t.string('created_at', 30).notNullable();
    t.string('created_by', 300).notNullable();
    t.unique(['programme_id', 'user_ref'], { indexName: 'programme_admins_uq' });
    t.index(['user_ref'], 'programme_admins_user_idx');
  });

  await knex.schema.createTable('project_members', t => {
    t.string('id', 36).primary();
    t.string('project_id', 36).notNullable().references('id').inTable('projects');
    t.string('user_ref', 300).notNullable();
    t.boolean('technical').notNullable().defaultTo(false);
    t.boolean('admin').notNullable().defaultTo(false);
    t.string('created_at', 30).notNullable();
    t.string('created_by', 300).notNullable();
    t.string('updated_at', 30).notNullable();
    t.string('updated_by', 300).notNullable();
    t.unique(['project_id', 'user_ref'], { indexName: 'project_members_uq' });
    t.index(['user_ref'], 'project_members_user_idx');
  });

  await knex.schema.createTable('user_profiles', t => {
    t.string('user_ref', 300).primary();
    t.string('display_name', 300);
    t.string('email', 320);
    t.string('entra_object_id', 64);
    t.string('github_handle', 39);
    t.string('employment', 20);
    t.boolean('apprentice').notNullable().defaultTo(false);
    t.string('line_manager_ref', 300);
    t.string('last_active_at', 30);
  });

  await knex.schema.createTable('platform_role_assignments', t => {
    t.string('id', 36).primary();
    t.string('user_ref', 300).notNullable();
    t.string('role', 30).notNullable();
    t.string('created_at', 30).notNullable();
    t.string('created_by', 300).notNullable();
    t.unique(['user_ref', 'role'], { indexName: 'platform_role_assignments_uq' });
  });

  await knex.schema.createTable('service_accounts', t => {
    t.string('id', 36).primary();
    t.string('name', 63).notNullable().unique();
    t.string('description', 500).notNullable();
    t.string('subject', 250).notNullable().unique();
    t.string('created_at', 30).notNullable();
    t.string('created_by', 300).notNullable();
  });

  await knex.schema.createTable('history', t => {
    t.increments('id');
    t.string('record_kind', 30).notNullable();
    t.string('record_id', 300).notNullable();
    t.string('programme_id', 36);
    t.string('project_id', 36);
    t.string('alb_id', 36);
    t.string('action', 20).notNullable();
    t.string('actor_ref', 300).notNullable();
    t.string('at', 30).notNullable();
    t.text('before');
    t.text('after');
    t.index(['record_kind', 'record_id'], 'history_record_idx');
    t.index(['programme_id'], 'history_programme_idx');
    t.index(['project_id'], 'history_project_idx');
    t.index(['alb_id'], 'history_alb_idx');
  });

  // One row: the revision of the delivery data, bumped by every committed write.
  await knex.schema.createTable('revision', t => {
    t.integer('id').primary();
    t.integer('revision').notNullable();
  });
  await knex('revision').insert({ id: 1, revision: 0 });

  await knex.schema.createTable('role_changes', t => {
    t.integer('revision').notNullable();
    t.string('user_ref', 300).notNullable();
    t.primary(['revision', 'user_ref']);
  });

  // Written in the same transaction as every change; the provisioning reconciler drains it.
  await knex.schema.createTable('provisioning_outbox', t => {
    t.increments('id');
    t.string('record_kind', 30).notNullable();
    t.string('record_id', 300).notNullable();
    t.string('project_id', 36);
    t.string('programme_id', 36);
    t.string('reason', 60).notNullable();
    t.string('enqueued_at', 30).notNullable();
    t.string('processed_at', 30);
    t.index(['processed_at', 'id'], 'provisioning_outbox_pending_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const table of [
    'provisioning_outbox',
    'role_changes',
    'revision',
    'history',
    'service_accounts',
    'platform_role_assignments',
    'user_profiles',
    'project_members',
    'programme_admins',
    'projects',
    'programmes',
    'albs',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
};
