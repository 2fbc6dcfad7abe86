// @ts-check

/*
 * The project list (GET /projects) at 10,000 projects (bench/delivery.ts, docs/performance.md):
 * it shows non-archived projects by title, ordered by (title_key, id). A partial index on
 * exactly that order lets a page at any offset be read from the index, where the title_key
 * index alone made the database fetch and re-sort every skipped row (a page at offset 9,000
 * took ~18 ms on SQLite). The count of the list reads the same, smaller index.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('projects', t => {
    t.index(['title_key', 'id'], 'projects_active_title_idx', { predicate: knex.whereNull('archived_at') });
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('projects', t => {
    t.dropIndex(['title_key', 'id'], 'projects_active_title_idx');
  });
};
