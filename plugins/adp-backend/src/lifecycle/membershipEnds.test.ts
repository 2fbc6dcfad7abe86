import { mockServices } from '@backstage/backend-test-utils';
import { ValidationError } from '../service/validation';
import { MEMBERSHIP_END_ACTOR } from '../service/TeamService';
import { ADA, createHarness, databases, PAT, seedTree, TESS, user } from '../__testUtils__/harness';
import { endDueMemberships, MembershipEndWarning, warnEndingMemberships } from './membershipEnds';
import { scheduleMembershipEnds } from './scheduleMembershipEnds';

jest.setTimeout(120_000);
const dbs = databases();
const CARA = 'user:default/cara';
/** A Monday morning; each test moves the clock itself. */
const T0 = new Date('2026-03-02T09:00:00.000Z');
const at = (days: number, hours = 0) => new Date(T0.getTime() + (days * 24 + hours) * 3600_000);

describe.each(dbs.eachSupportedId())('membership end dates on %p', databaseId => {
  async function setup() {
    let now = T0;
    const h = await createHarness(databaseId, dbs, { clock: () => now });
    const { project } = await seedTree(h);
    const warnings: MembershipEndWarning[] = [];
    const deps = {
      db: h.db,
      teams: h.services.teams,
      warn: async (w: MembershipEndWarning) => void warnings.push(w),
      logger: mockServices.logger.mock(),
    };
    return { h, project, deps, warnings, setNow: (d: Date) => (now = d) };
  }

  it('removes a contractor on their end date through the removal path, with history and provisioning, and not a day before', async () => {
    const { h, project, deps } = await setup();
    // A contractor until the end of March: the membership ends on 1 April.
    const cara = await h.services.teams.addMember(user(PAT), project.id, { userRef: CARA, technical: true, endsAt: '2026-04-01' });
    const tess = await h.services.teams.addMember(user(PAT), project.id, { userRef: TESS, technical: true });
    expect(cara.endsAt).toBe('2026-04-01');
    expect(tess.endsAt).toBeNull();

    expect(await endDueMemberships(deps, new Date('2026-03-31T23:59:59.999Z'))).toEqual([]);
    const ended = await endDueMemberships(deps, new Date('2026-04-01T00:00:00.000Z'));
    expect(ended.map(m => m.userRef)).toEqual([CARA]);
    expect((await h.services.teams.listMembers(user(ADA), project.id)).map(m => m.userRef)).toEqual([TESS]);

    // (The addition is stamped with the writer's real time, the ending with the task's.)
    const history = await h.knex('history').where({ record_id: cara.id }).orderBy('action');
    expect(history.map(r => [r.action, r.actor_ref])).toEqual([['created', PAT], ['deleted', MEMBERSHIP_END_ACTOR]]);
    expect(history[1].at).toBe('2026-04-01T00:00:00.000Z');
    const before = typeof history[1].before === 'string' ? JSON.parse(history[1].before) : history[1].before;
    expect(before).toMatchObject({ userRef: CARA, endsAt: '2026-04-01' });
    expect(await h.knex('provisioning_outbox').where({ record_id: cara.id, reason: 'project-member-ended' })).toHaveLength(1);
    // Nothing left to end: a second run changes nothing.
    expect(await endDueMemberships(deps, at(40))).toEqual([]);
  });

  it('warns seven days before, once per end date, and again when the date moves', async () => {
    const { h, project, deps, warnings, setNow } = await setup();
    const cara = await h.services.teams.addMember(user(PAT), project.id, { userRef: CARA, endsAt: '2026-03-20' });
    // 13 March 09:00: the end (20 March) is more than seven days away.
    expect(await warnEndingMemberships(deps, new Date('2026-03-12T23:59:00.000Z'))).toEqual([]);
    const first = await warnEndingMemberships(deps, new Date('2026-03-13T00:00:00.000Z'));
    expect(first.map(w => [w.member.userRef, w.member.endsAt, w.projectTitle])).toEqual([[CARA, '2026-03-20', 'Annual Compliance Data']]);
    expect(await warnEndingMemberships(deps, new Date('2026-03-14T00:00:00.000Z'))).toEqual([]);
    expect(warnings).toHaveLength(1);

    // The team admin extends the contract: a new date, a new warning when it comes near.
    setNow(new Date('2026-03-14T10:00:00.000Z'));
    await h.services.teams.updateMember(user(PAT), project.id, cara.id, { endsAt: '2026-04-30' });
    expect(await warnEndingMemberships(deps, new Date('2026-03-20T00:00:00.000Z'))).toEqual([]);
    expect(await endDueMemberships(deps, new Date('2026-03-20T00:00:00.000Z'))).toEqual([]);
    const second = await warnEndingMemberships(deps, new Date('2026-04-23T00:00:00.000Z'));
    expect(second.map(w => w.member.endsAt)).toEqual(['2026-04-30']);

    // A warning that could not be sent is tried again on the next run.
    await h.services.teams.updateMember(user(PAT), project.id, cara.id, { endsAt: '2026-05-10' });
    const failing = { ...deps, warn: async () => { throw new Error('notifications are down'); } };
    expect(await warnEndingMemberships(failing, new Date('2026-05-04T00:00:00.000Z'))).toEqual([]);
    expect((await warnEndingMemberships(deps, new Date('2026-05-04T01:00:00.000Z'))).map(w => w.member.endsAt)).toEqual(['2026-05-10']);

    // Cleared: no end, no warning, no removal.
    await h.services.teams.updateMember(user(PAT), project.id, cara.id, { endsAt: null });
    expect(await endDueMemberships(deps, new Date('2026-06-01T00:00:00.000Z'))).toEqual([]);
    expect((await h.services.teams.listMembers(user(ADA), project.id)).map(m => [m.userRef, m.endsAt])).toEqual([[CARA, null]]);
  });

  it('refuses an end date of today or earlier as a field error, and changes nothing', async () => {
    const { h, project, setNow } = await setup();
    setNow(new Date('2026-03-10T12:00:00.000Z'));
    for (const endsAt of ['2026-03-10', '2026-03-01']) {
      const attempt = h.services.teams.addMember(user(PAT), project.id, { userRef: CARA, endsAt });
      await expect(attempt).rejects.toBeInstanceOf(ValidationError);
      await expect(attempt).rejects.toMatchObject({ details: [{ path: 'endsAt', message: expect.stringContaining('after today') }] });
    }
    expect(await h.services.teams.listMembers(user(ADA), project.id)).toEqual([]);
    const cara = await h.services.teams.addMember(user(PAT), project.id, { userRef: CARA, endsAt: '2026-03-11' });
    await expect(h.services.teams.updateMember(user(PAT), project.id, cara.id, { endsAt: '2026-03-09' })).rejects.toMatchObject({ details: [{ path: 'endsAt' }] });
    expect((await h.services.teams.listMembers(user(ADA), project.id))[0].endsAt).toBe('2026-03-11');
  });

  it('leaves the memberships of an archived project alone', async () => {
    const { h, project, deps } = await setup();
    await h.services.teams.addMember(user(PAT), project.id, { userRef: CARA, endsAt: '2026-03-05' });
    await h.services.projects.setArchived(user(ADA), project.id, true);
    expect(await endDueMemberships(deps, at(10))).toEqual([]);
    expect(await warnEndingMemberships(deps, at(1))).toEqual([]);
  });

  it('schedules the end dates as an hourly global task that audits each ending', async () => {
    const { h, project, deps } = await setup();
    // Long before the real now, so the real clock has passed it.
    await h.knex('project_members').insert({
      id: 'm-old', project_id: project.id, user_ref: CARA, technical: false, admin: false, ends_at: '2020-01-31',
      created_at: T0.toISOString(), created_by: PAT, updated_at: T0.toISOString(), updated_by: PAT,
    });
    const tasks: any[] = [];
    const events: any[] = [];
    await scheduleMembershipEnds(
      { scheduleTask: async (t: any) => void tasks.push(t) } as any,
      deps,
      mockServices.logger.mock(),
      { createEvent: async (e: any) => ({ success: async () => void events.push(e), fail: async () => {} }) } as any,
    );
    expect(tasks).toMatchObject([{ id: 'adp-membership-end', scope: 'global', frequency: { minutes: 60 } }]);
    await tasks[0].fn();
    expect(await h.knex('project_members').where({ id: 'm-old' })).toEqual([]);
    expect(events).toEqual([expect.objectContaining({ eventId: 'project-member-end', meta: expect.objectContaining({ memberId: 'm-old', userRef: CARA }) })]);
  });
});
