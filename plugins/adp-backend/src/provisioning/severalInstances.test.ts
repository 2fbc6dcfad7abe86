import knexFactory, { Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  ADA,
  createHarness,
  databases,
  seedTree,
  user,
} from '../__testUtils__/harness';
import { DeliveryDatabase } from '../database/stores';
import { revokeAbsentHolders } from '../productionAccess/revokeAbsentHolders';
import { DeliveryWriter } from '../service/DeliveryWriter';
import { createTestProvisioning } from './__testUtils__/engineHarness';
import { ProvisioningFakes, startProvisioningFakes } from './fakes';
import { ProvisioningTarget, targetKey } from './types';
import { insertAbsentHolders } from './__testUtils__/absentHolders';

/*
 * Four instances on one PostgreSQL database, each with its own connection pool and its own
 * provisioning engine, all pointed at the same loopback fakes. For ADP_STRESS_SECONDS (default
 * 20) team changes run concurrently (several at once, on the shared database), every instance
 * drains the outbox and runs full passes, every instance runs the absence revocation, and
 * GitHub fails now and then. Afterwards, once the outbox has drained:
 *   - no write failed other than as a person can be told (404, 409, 400): nothing a 5xx;
 *   - each outbox item was completed exactly once (a trigger records every completion);
 *   - no two instances reconciled one target at the same time;
 *   - every status row is the last outcome: in sync, no failure counted;
 *   - every external system equals the desired state (a dry run plans nothing, and each
 *     project's GitHub contributors are exactly its technical members);
 *   - each absent holder's grant was revoked once.
 * scripts/prove.sh runs it longer (ADP_STRESS_SECONDS=60) and several times in a row.
 */

// Only where PostgreSQL was found (scripts/test.sh leaves the variable unset otherwise); the
// harness would default it.
const withPostgres =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING !==
  undefined;
const dbs = databases();
const SECONDS = Number(process.env.ADP_STRESS_SECONDS ?? 20);
const INSTANCES = 4;
const USERS = Array.from({ length: 10 }, (_, i) => `user:default/stress-${i}`);
const ABSENT = [
  'user:default/absent-0',
  'user:default/absent-1',
  'user:default/absent-2',
];
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)];

jest.setTimeout((SECONDS + 150) * 1000);

(withPostgres && dbs.supports('POSTGRES_15') ? describe : describe.skip)(
  'several instances on one PostgreSQL database',
  () => {
    let knex: Knex;
    const pools: Knex[] = [];
    let fakes: ProvisioningFakes;

    afterEach(async () => {
      await Promise.all(pools.splice(0).map(p => p.destroy()));
      await fakes?.stop();
    });

    it('keeps every write, outbox item, status and external system right under concurrent load', async () => {
      const h = await createHarness('POSTGRES_15', dbs);
      knex = h.knex;
      fakes = await startProvisioningFakes();
      const { programme, project } = await seedTree(h);
      const projects = [project];
      for (const name of ['Stress A', 'Stress B', 'Stress C']) {
        projects.push(
          await h.services.projects.create(user(ADA), {
            programmeId: programme.id,
            title: name,
            description: 'stress',
          }),
        );
      }
      for (const [i, ref] of USERS.entries()) {
        const email = `stress-${i}@defra.gov.uk`;
        fakes.graph.addUser(email);
        fakes.azureDevOps.addUser(email);
        await knex('user_profiles')
          .insert({ user_ref: ref, email, github_handle: `gh-stress-${i}` })
          .onConflict('user_ref')
          .merge();
      }
      await insertAbsentHolders(knex, project.id, ABSENT, 'stress: absent holder');
      // Every completion of an outbox item, so one done twice shows.
      await knex.raw(
        `create table stress_completions (item_id bigint not null, at timestamptz not null default now())`,
      );
      await knex.raw(`create function stress_completed() returns trigger language plpgsql as $$
      begin insert into stress_completions (item_id) values (new.id); return new; end $$`);
      await knex.raw(`create trigger stress_completed after update on provisioning_outbox for each row
      when (new.processed_at is not null and new.processed_at is distinct from old.processed_at) execute function stress_completed()`);

      // The instances: own pool, own engine; reconciles of one target must never overlap.
      const runs: Array<{
        key: string;
        instance: number;
        from: number;
        to: number;
      }> = [];
      const instances = Array.from({ length: INSTANCES }, (_, i) => {
        const pool = knexFactory({
          ...knex.client.config,
          pool: { min: 0, max: 4 },
        });
        pools.push(pool);
        const p = createTestProvisioning(pool, fakes, {
          adp: { provisioning: { batchSize: 5 } },
        });
        const engine = p.engine as any;
        const run = engine.run.bind(engine);
        engine.run = async (
          target: ProvisioningTarget,
          options: { dryRun?: boolean },
          lease?: unknown,
        ) => {
          const from = performance.now();
          try {
            return await run(target, options, lease);
          } finally {
            if (!options.dryRun)
              runs.push({
                key: targetKey(target),
                instance: i,
                from,
                to: performance.now(),
              });
          }
        };
        const db = new DeliveryDatabase(pool);
        return {
          engine: p.engine,
          revocation: {
            db,
            writer: new DeliveryWriter(
              db,
              undefined,
              mockServices.logger.mock(),
            ),
          },
        };
      });

      const unexpected: string[] = [];
      const counts = {
        writes: 0,
        refused: 0,
        drains: 0,
        passes: 0,
        revocations: 0,
        revoked: 0,
      };
      const deadline = Date.now() + SECONDS * 1000;
      const until = async (fn: () => Promise<void>) => {
        while (Date.now() < deadline) {
          try {
            await fn();
          } catch (e) {
            unexpected.push(String((e as Error)?.stack ?? e));
          }
        }
      };

      const writer = () =>
        until(async () => {
          const p = pick(projects);
          const members = await knex('project_members')
            .where('project_id', p.id)
            .whereIn('user_ref', USERS);
          const op = Math.random();
          try {
            if (op < 0.4 || !members.length) {
              await h.services.teams.addMember(user(ADA), p.id, {
                userRef: pick(USERS),
                technical: Math.random() < 0.7,
              });
            } else if (op < 0.8) {
              const m = pick(members);
              await h.services.teams.updateMember(
                user(ADA),
                p.id,
                m.id,
                Math.random() < 0.5
                  ? { technical: !m.technical }
                  : { admin: !m.admin },
              );
            } else {
              await h.services.teams.removeMember(
                user(ADA),
                p.id,
                pick(members).id,
              );
            }
            counts.writes++;
          } catch (e) {
            // What a person is told when two changes meet: the member is already there or gone.
            if (
              e instanceof ConflictError ||
              e instanceof NotFoundError ||
              e instanceof InputError
            )
              counts.refused++;
            else throw e;
          }
        });
      const provisioner = (i: number) =>
        until(async () => {
          await instances[i].engine.drain(5_000);
          counts.drains++;
          if (Math.random() < 0.1) {
            await instances[i].engine.fullPass();
            counts.passes++;
          }
          await sleep(Math.random() * 100);
        });
      const revoker = (i: number) =>
        until(async () => {
          // Awaited first: `+=` would read the count before the await and lose other instances' revocations.
          const ended = await revokeAbsentHolders(
            instances[i].revocation,
            new Date(),
          );
          counts.revoked += ended.length;
          counts.revocations++;
          await sleep(200 + Math.random() * 300);
        });
      const flaky = () =>
        until(async () => {
          fakes.github.failNext(1, 503);
          await sleep(1_000);
        });

      await Promise.all([
        ...Array.from({ length: 4 }, writer),
        ...instances.map((_, i) => provisioner(i)),
        ...instances.map((_, i) => revoker(i)),
        flaky(),
      ]);

      // Quiet: the instances drain what is left (GitHub is reliable again).
      const pending = async () =>
        Number(
          (
            await knex('provisioning_outbox')
              .whereNull('processed_at')
              .count({ n: '*' })
          )[0].n,
        );
      for (let round = 0; round < 200 && (await pending()) > 0; round++) {
        await knex('provisioning_outbox')
          .whereNull('processed_at')
          .update({ next_attempt_at: null });
        await Promise.all(instances.map(x => x.engine.drain(5_000)));
      }
      // eslint-disable-next-line no-console
      console.log(
        `several instances, ${SECONDS} s: ${JSON.stringify({
          ...counts,
          reconciles: runs.length,
        })}`,
      );

      expect(unexpected).toEqual([]);
      expect(counts.writes).toBeGreaterThan(20);
      expect(await pending()).toBe(0);

      // Each outbox item completed exactly once.
      const items = (await knex('provisioning_outbox').select('id')).map(r =>
        Number(r.id),
      );
      const completions = (
        await knex('stress_completions').select('item_id')
      ).map(r => Number(r.item_id));
      expect(completions.length).toBe(items.length);
      expect(new Set(completions).size).toBe(completions.length);

      // No two instances reconciled one target at the same time.
      const byKey = new Map<string, typeof runs>();
      for (const r of runs) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
      const overlaps: string[] = [];
      for (const [key, rs] of byKey) {
        rs.sort((a, b) => a.from - b.from);
        for (let i = 1; i < rs.length; i++)
          if (rs[i].from < rs[i - 1].to)
            overlaps.push(
              `${key}: instances ${rs[i - 1].instance} and ${rs[i].instance}`,
            );
      }
      expect(overlaps).toEqual([]);
      expect(new Set(runs.map(r => r.instance)).size).toBe(INSTANCES);

      // The last outcome of every target in every system: in sync, and the world matches.
      const one = instances[0].engine;
      const statuses = await knex('provisioning_status');
      expect(
        statuses.filter(
          s => s.status !== 'in-sync' && s.status !== 'not-configured',
        ),
      ).toEqual([]);
      expect(statuses.filter(s => Number(s.attempts) !== 0)).toEqual([]);
      for (const p of projects) {
        const plan = await one.reconcile(
          { kind: 'project', id: p.id },
          { dryRun: true },
        );
        expect({
          project: p.name,
          systems: plan.systems.filter(s => s.changes.length || s.error),
        }).toEqual({ project: p.name, systems: [] });
        const technical = await knex('project_members')
          .join(
            'user_profiles',
            'user_profiles.user_ref',
            'project_members.user_ref',
          )
          .where({ project_id: p.id, technical: true })
          .pluck('github_handle');
        expect(
          fakes.github.membersOf(
            `ADP-${programme.name}-${p.name}-Contributors`,
          ),
        ).toEqual(technical.map((g: string) => g.toLowerCase()).sort());
      }
      const platform = await one.reconcile(
        { kind: 'platform', id: 'platform' },
        { dryRun: true },
      );
      expect(platform.systems.filter(s => s.changes.length || s.error)).toEqual(
        [],
      );

      // Each absent holder's grant revoked once, by whichever instance came first.
      expect(counts.revoked).toBe(ABSENT.length);
      const revokedRows = await knex('production_access_requests')
        .whereIn('user_ref', ABSENT)
        .where('status', 'revoked');
      expect(revokedRows).toHaveLength(ABSENT.length);
      const history = await knex('history')
        .where('record_kind', 'production-access')
        .whereIn(
          'record_id',
          revokedRows.map(r => r.id),
        );
      expect(history).toHaveLength(ABSENT.length);
    });
  },
);
