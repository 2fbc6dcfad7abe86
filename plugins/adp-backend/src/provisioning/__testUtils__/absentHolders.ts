import { Knex } from 'knex';

/**
 * Active Production Deploy grants on one project, granted in 2020 with no activity since: the
 * absence revocation must end each exactly once, however many instances run it.
 */
export async function insertAbsentHolders(
  knex: Knex,
  projectId: string,
  userRefs: string[],
  justification: string,
): Promise<void> {
  const at = '2020-01-06T09:00:00.000Z';
  await knex('production_access_requests').insert(
    userRefs.map((userRef, i) => ({
      id: `00000000-0000-4000-f000-00000000000${i}`,
      project_id: projectId,
      user_ref: userRef,
      level: 'production-deploy',
      justification,
      status: 'active',
      open_key: `${projectId}|${userRef}|production-deploy`,
      checklist: '[]',
      apprentice: false,
      sponsor_confirmations: '[]',
      granted_at: at,
      created_at: at,
      created_by: 'user:default/seed',
      updated_at: at,
      updated_by: 'user:default/seed',
    })),
  );
}
