// @ts-check

/*
 * A person's GitHub account is theirs to link (issue #17): the profile keeps GitHub's numeric
 * user id beside the login, since logins can be renamed and then registered by someone else,
 * and whether the person proved the account by signing in to GitHub. Handles stored before
 * are kept as they are, unverified and without an id, until the person links the account.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('user_profiles', t => {
    t.bigInteger('github_user_id');
    t.boolean('github_verified').notNullable().defaultTo(false);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('user_profiles', t => {
    t.dropColumn('github_verified');
    t.dropColumn('github_user_id');
  });
};
