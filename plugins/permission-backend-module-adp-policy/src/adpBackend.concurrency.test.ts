import { TestDatabases } from '@backstage/backend-test-utils';
import { Persona } from './__testUtils__/personas';
import { Portal, startPortal } from './__testUtils__/portal';
import { World } from './__testUtils__/routes';

/*
 * 100 membership changes on one project at once, over the real adp plugin, permission
 * backend and policy on PostgreSQL: adds, role changes and removals by the team admin
 * (dee), the programme admin (pat) and an ADP Admin (ada), with a few refused attempts by
 * members who may not change the team (tess, nora). Afterwards:
 *  - every answer is one the API documents for the operation (no 5xx, no deadlock);
 *  - one row per user per project (the unique index, checked by query);
 *  - the history holds exactly one row per successful change, per outcome, and none for a
 *    refused or failed one; the revision moved once per successful change;
 *  - no lost update: per member, each history entry's `before` is the previous entry's
 *    `after` (so no change was computed from a stale read), nothing follows a deletion,
 *    the row left in the table is the last `after`, and every 200 returned an `after`
 *    that the history holds.
 * A second test does the same for 100 concurrent edits of a project, a programme, an ALB
 * and a profile (alternating fields, so a stale read would drop one).
 */

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
const supported = databases.eachSupportedId();

const OPERATIONS = Number(process.env.ADP_CONCURRENCY_OPS ?? 100);
const SEED = Number(process.env.ADP_CONCURRENCY_SEED ?? 20261123);

/** mulberry32: a small seeded generator, so that a failing mix can be replayed. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Op =
  | { kind: 'add'; persona: Persona; userRef: string; body: object }
  | { kind: 'update'; persona: Persona; memberId: string; body: object }
  | { kind: 'remove'; persona: Persona; memberId: string };

/** What the API may answer to each operation under contention. */
const ALLOWED_STATUSES: Record<Op['kind'], number[]> = {
  add: [201, 409], // 409: the user is already on the team (found, or stopped by the unique index)
  update: [200, 404], // 404: removed meanwhile
  remove: [204, 404],
};

/** Members who may not change the team: refused, or told the member is gone (looked up first). */
const REFUSED: Persona[] = ['tess', 'nora'];
const REFUSED_STATUSES: Record<Op['kind'], number[]> = { add: [403], update: [403, 404], remove: [403, 404] };

interface MemberState {
  technical: boolean;
  admin: boolean;
  updatedAt: string;
  updatedBy: string;
}
const state = (m: any): MemberState => ({
  technical: m.technical === true || m.technical === 1,
  admin: m.admin === true || m.admin === 1,
  updatedAt: m.updatedAt ?? m.updated_at,
  updatedBy: m.updatedBy ?? m.updated_by,
});

(supported.length ? describe.each(supported) : describe.skip.each(['POSTGRES_15' as const]))(
  'concurrent membership changes on one project on %s',
  databaseId => {
    let portal: Portal;
    let world: World;

    beforeAll(async () => {
      portal = await startPortal(databases, databaseId);
      world = await World.create(portal);
    });
    afterAll(async () => {
      await portal?.stop();
    });

    it(`keeps every one of ${OPERATIONS} concurrent changes, once, in order`, async () => {
      const { knex } = portal;
      const projectId = world.ids.acd;
      const next = random(SEED);
      const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];

      // Ten fixture members (any may become technical), ten users off the team.
      const users = Array.from({ length: 20 }, (_, i) => `user:default/load-${i}`);
      const initial: string[] = [];
      for (const userRef of users.slice(0, 10)) {
        initial.push((await world.asAda('post', `/projects/${projectId}/members`, { userRef })).id);
      }
      const rowsBefore = await knex('project_members').where({ project_id: projectId });
      const initialState = new Map(rowsBefore.map(r => [r.id as string, state(r)]));
      const { maxId } = (await knex('history').max({ maxId: 'id' }).first()) as { maxId: number };
      const revisionBefore = Number((await knex('revision').first()).revision);

      // 30% adds (of ten users on the team and ten off it), 55% role changes, 15% removals.
      const ops = Array.from({ length: OPERATIONS }, (_, i): Op => {
        const persona: Persona = i % 10 === 9 ? pick(REFUSED) : pick(['dee', 'pat', 'ada'] as const);
        const roll = next();
        if (roll < 0.3) {
          const userRef = pick(users);
          return { kind: 'add', persona, userRef, body: { userRef } };
        }
        if (roll < 0.85) {
          const body = pick([{ admin: true }, { admin: false }, { technical: true }, { technical: false }, { technical: next() < 0.5, admin: next() < 0.5 }]);
          return { kind: 'update', persona, memberId: pick(initial), body };
        }
        return { kind: 'remove', persona, memberId: pick(initial) };
      });

      const send = (op: Op) => {
        switch (op.kind) {
          case 'add':
            return world.send(op.persona, 'post', `/projects/${projectId}/members`, { body: op.body });
          case 'update':
            return world.send(op.persona, 'patch', `/projects/${projectId}/members/${op.memberId}`, { body: op.body });
          default:
            return world.send(op.persona, 'delete', `/projects/${projectId}/members/${op.memberId}`);
        }
      };
      const started = Date.now();
      const results = await Promise.all(
        ops.map(async op => {
          const res = await send(op);
          return { op, status: res.status, body: res.body };
        }),
      );
      const elapsedMs = Date.now() - started;

      // 1. Documented answers only: refused personas get 403, the others what contention allows.
      const unexpected = results
        .filter(r => !(REFUSED.includes(r.op.persona) ? REFUSED_STATUSES[r.op.kind] : ALLOWED_STATUSES[r.op.kind]).includes(r.status))
        .map(r => `${r.op.kind} by ${r.op.persona}: ${r.status} ${JSON.stringify(r.body?.error?.message ?? '')}`);
      expect(unexpected).toEqual([]);

      const outcomes: Record<string, number> = {};
      for (const r of results) outcomes[`${r.op.kind} ${r.status}`] = (outcomes[`${r.op.kind} ${r.status}`] ?? 0) + 1;
      const succeeded = { created: outcomes['add 201'] ?? 0, updated: outcomes['update 200'] ?? 0, deleted: outcomes['remove 204'] ?? 0 };

      // 2. One row per user per project.
      const duplicates = await knex('project_members').select('user_ref').count({ n: '*' }).where({ project_id: projectId }).groupBy('user_ref').havingRaw('count(*) > 1');
      expect(duplicates).toEqual([]);

      // 3. One history row per successful change, per outcome; none by the refused; one revision each.
      const history = (await knex('history').where('id', '>', maxId ?? 0).orderBy('id')) as any[];
      expect(history.every(h => h.record_kind === 'project-member' && h.project_id === projectId)).toBe(true);
      const historyByAction: Record<string, number> = { created: 0, updated: 0, deleted: 0 };
      for (const h of history) historyByAction[h.action] += 1;
      expect(historyByAction).toEqual(succeeded);
      expect(history.filter(h => REFUSED.map(p => `user:default/${p}`).includes(h.actor_ref))).toEqual([]);
      const revisionAfter = Number((await knex('revision').first()).revision);
      expect(revisionAfter - revisionBefore).toBe(succeeded.created + succeeded.updated + succeeded.deleted);

      // 4. No lost update: each member's history is one unbroken chain ending in the stored row.
      const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
      const byMember = new Map<string, any[]>();
      for (const h of history) byMember.set(h.record_id, [...(byMember.get(h.record_id) ?? []), h]);
      const rowsAfter = new Map((await knex('project_members').where({ project_id: projectId })).map(r => [r.id as string, state(r)]));
      const broken: string[] = [];
      for (const [memberId, entries] of byMember) {
        let current: MemberState | 'absent' | 'deleted' = initialState.get(memberId) ?? 'absent';
        for (const h of entries) {
          const before = h.before ? state(parse(h.before)) : 'absent';
          const expectedBefore = current === 'deleted' ? 'deleted' : current;
          if (JSON.stringify(before) !== JSON.stringify(expectedBefore)) {
            broken.push(`${memberId} history ${h.id} (${h.action} by ${h.actor_ref}): before ${JSON.stringify(before)}, but the previous state was ${JSON.stringify(expectedBefore)}`);
          }
          current = h.action === 'deleted' ? 'deleted' : state(parse(h.after));
        }
        const stored = rowsAfter.get(memberId) ?? 'deleted';
        if (JSON.stringify(stored) !== JSON.stringify(current === 'absent' ? 'deleted' : current)) {
          broken.push(`${memberId}: stored ${JSON.stringify(stored)}, but its history ends in ${JSON.stringify(current)}`);
        }
      }
      expect(broken).toEqual([]);

      // Every 200 answered with an `after` the history holds (the answer is what was written).
      const afters = new Set(history.filter(h => h.action === 'updated').map(h => `${h.record_id} ${JSON.stringify(state(parse(h.after)))}`));
      const unrecorded = results.filter(r => r.op.kind === 'update' && r.status === 200 && !afters.has(`${r.body.id} ${JSON.stringify(state(r.body))}`));
      expect(unrecorded.map(r => JSON.stringify(r.body))).toEqual([]);

      // For docs/reliability.md.
      console.info(
        `concurrency on ${databaseId}: ${JSON.stringify({ operations: ops.length, seed: SEED, elapsedMs, outcomes, history: historyByAction, members: rowsAfter.size })}`,
      );
    });

    it('keeps every one of 100 concurrent edits of a project, a programme, an ALB and a profile', async () => {
      const { knex } = portal;
      const { ids } = world;
      const { maxId } = (await knex('history').max({ maxId: 'id' }).first()) as { maxId: number };
      const edit = (i: number) => (i % 2 ? { title: `Load title ${i}` } : { description: `Load description ${i}` });
      const calls = Array.from({ length: 25 }, (_, i) => [
        world.send((['dee', 'pat', 'ada'] as const)[i % 3], 'patch', `/projects/${ids.acd}`, { body: edit(i) }),
        world.send((['pat', 'ada'] as const)[i % 2], 'patch', `/programmes/${ids.fcp}`, { body: edit(i) }),
        world.send('ada', 'patch', `/albs/${ids.rpa}`, { body: edit(i) }),
        world.send('tess', 'patch', `/profiles/${encodeURIComponent('user:default/tess')}`, { body: { githubHandle: `tess-${i}` } }),
      ]).flat();
      const statuses = (await Promise.all(calls)).map(r => r.status);
      expect(statuses.filter(s => s !== 200)).toEqual([]);
      const history = (await knex('history').where('id', '>', maxId ?? 0).orderBy('id')) as any[];
      const chains = new Map<string, any[]>();
      for (const h of history) chains.set(`${h.record_kind} ${h.record_id}`, [...(chains.get(`${h.record_kind} ${h.record_id}`) ?? []), h]);
      expect([...chains.values()].map(c => c.length)).toEqual([25, 25, 25, 25]);
      const broken = [...chains.entries()].flatMap(([record, entries]) =>
        entries.slice(1).flatMap((h, i) => (JSON.stringify(JSON.parse(h.before)) === JSON.stringify(JSON.parse(entries[i].after)) ? [] : [`${record} history ${h.id}`])),
      );
      expect(broken).toEqual([]);
      // The stored project is the last edit's (which carries every earlier edit forward).
      const last = JSON.parse(chains.get(`project ${ids.acd}`)!.at(-1).after);
      const stored = await knex('projects').where({ id: ids.acd }).first();
      expect({ title: stored.title, description: stored.description }).toEqual({ title: last.title, description: last.description });
    });
  },
);
